import { extname } from 'node:path';

/** Extensions of files that are binary (or compressed) by nature: never scanned. */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.avif', '.tif', '.tiff', '.psd', '.heic', '.xcf',
  '.woff', '.woff2', '.ttf', '.otf', '.eot',
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.tar', '.br', '.lz4', '.jar', '.war', '.ear', '.whl', '.egg', '.nupkg', '.crx', '.xpi', '.vsix',
  '.exe', '.dll', '.so', '.dylib', '.a', '.lib', '.o', '.obj', '.node', '.wasm', '.class', '.pyc', '.pyo', '.beam', '.dex', '.apk', '.ipa', '.msi', '.dmg', '.iso', '.img', '.deb', '.rpm',
  '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.odt', '.ods', '.odp',
  '.mp3', '.mp4', '.m4a', '.m4v', '.mov', '.avi', '.mkv', '.webm', '.wav', '.flac', '.ogg', '.opus', '.aac',
  '.sqlite', '.sqlite3', '.db', '.mdb', '.bin', '.dat', '.pack', '.idx', '.glb', '.blend', '.fbx', '.parquet', '.onnx', '.pt', '.pth', '.safetensors', '.npy', '.npz',
]);

/** How many leading bytes the content check looks at. */
export const BINARY_SNIFF_BYTES = 8192;

/** Binary by name: the extension says so. */
export function isBinaryPath(path: string): boolean {
  return BINARY_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Binary by content: a NUL byte within the first 8 KB (what git and grep use). */
export function isBinaryContent(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}
