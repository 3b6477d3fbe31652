import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { newServer } from '../server/register.js';
import type { InitializeRecord } from '../table/index.js';

/**
 * What the SDK's server answers to initialize, for the table: a server made as the real one
 * is, asked once over a transport of its own — so the next start can answer as it would.
 */
export async function initializeRecord(version: string): Promise<InitializeRecord> {
  let answer: (message: JSONRPCMessage) => void = () => undefined;
  const answered = new Promise<JSONRPCMessage>((resolve) => (answer = resolve));
  const transport: Transport = { start: async () => undefined, close: async () => undefined, send: async (message) => answer(message) };
  const server = newServer(version);
  await server.connect(transport);
  transport.onmessage?.({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'loom', version } } });
  const message = await answered;
  await server.close();
  if (!('result' in message)) throw new Error(`the SDK's server refused initialize: ${JSON.stringify(message)}`);
  return { versions: [...SUPPORTED_PROTOCOL_VERSIONS], latest: LATEST_PROTOCOL_VERSION, result: message.result as InitializeRecord['result'] };
}
