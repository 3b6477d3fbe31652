import { extname } from 'node:path';

/** Extensions of files that are binary (or compressed) by nature: skipped without reading. */
const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  // images
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.avif', '.tif', '.tiff', '.psd', '.heic', '.xcf',
  // fonts
  '.woff', '.woff2', '.ttf', '.otf', '.eot',
  // archives and packages
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.tar', '.br', '.lz4', '.jar', '.war', '.ear', '.whl', '.egg', '.nupkg', '.crx', '.xpi', '.vsix',
  // executables and object code
  '.exe', '.dll', '.so', '.dylib', '.a', '.lib', '.o', '.obj', '.node', '.wasm', '.class', '.pyc', '.pyo', '.beam', '.dex', '.apk', '.ipa', '.msi', '.dmg', '.iso', '.img', '.deb', '.rpm',
  // documents
  '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.odt', '.ods', '.odp',
  // media
  '.mp3', '.mp4', '.m4a', '.m4v', '.mov', '.avi', '.mkv', '.webm', '.wav', '.flac', '.ogg', '.opus', '.aac',
  // data stores and models
  '.sqlite', '.sqlite3', '.db', '.mdb', '.bin', '.dat', '.pack', '.idx', '.glb', '.blend', '.fbx', '.parquet', '.onnx', '.pt', '.pth', '.safetensors', '.npy', '.npz',
]);

/** How many leading bytes the content check looks at. */
const SNIFF_BYTES = 8192;
/** Above this share of control bytes the text is not text (tabs, newlines, form feeds and ESC excepted). */
const CONTROL_RATIO = 0.1;

/** Binary by name: the extension says so. */
export function isBinaryPath(path: string): boolean {
  return BINARY_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Binary by content: a NUL byte (git's and grep's test) or many control bytes in the first 8 KiB. */
export function isBinaryContent(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === 0) return true;
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) || byte === 0x7f) control++;
  }
  return end > 0 && control / end > CONTROL_RATIO;
}
