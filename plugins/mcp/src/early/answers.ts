// The requests a cached tool table answers before the SDK has loaded: initialize and
// tools/list, as the SDK's server would, to the byte — its own response shape around what it
// answered last time. Only requests the SDK would take exactly as they are: anything its
// schemas might refuse, reshape or treat otherwise (`_meta`, icons, odd capabilities …) is left
// to it, as is every other method.
import type { InitializeRecord, ToolTable } from '../table/index.js';

/** What becomes of one line read before the SDK loads. */
export interface Take {
  /** The response to write now. */
  reply?: string;
  /** The SDK reads the line too: a notification, or the initialize it must know about (its response then dropped). */
  forward: boolean;
  /** tools/list was answered: the client has what it waits for, the rest may load. */
  listed?: boolean;
}

export type Id = string | number;

/** A response with the SDK's key order (shared/protocol.js) and serialization (shared/stdio.js). */
const response = (id: Id, result: unknown) => `${JSON.stringify({ result, jsonrpc: '2.0', id })}\n`;

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A plain object whose keys are all in `allowed`. */
const only = (value: unknown, allowed: readonly string[]): value is Plain => isPlain(value) && Object.keys(value).every((key) => allowed.includes(key));
const optional = (value: unknown, type: 'string' | 'boolean') => value === undefined || typeof value === type;
/** Objects all the way down, as the SDK's capability schemas take them (their leaves are objects). */
const objects = (value: unknown): boolean => isPlain(value) && Object.values(value).every(objects);

/** A client's capabilities the SDK's ClientCapabilitiesSchema accepts as they are (unknown keys it strips, and does not use). */
function capabilitiesOk(value: unknown): boolean {
  if (!isPlain(value)) return false;
  return Object.entries(value).every(([key, capability]) => {
    if (key === 'roots') return isPlain(capability) && optional(capability.listChanged, 'boolean');
    if (key === 'elicitation') return only(capability, ['form', 'url']) && (capability.form === undefined || (only(capability.form, ['applyDefaults']) && optional(capability.form.applyDefaults, 'boolean'))) && (capability.url === undefined || objects(capability.url));
    if (['experimental', 'sampling', 'tasks', 'extensions'].includes(key)) return objects(capability);
    return true;
  });
}

const clientInfoOk = (value: unknown) =>
  only(value, ['name', 'title', 'version', 'websiteUrl', 'description']) && typeof value.name === 'string' && typeof value.version === 'string' && Object.values(value).every((field) => typeof field === 'string');

/** The SDK's negotiation (Server._oninitialize): the client's version when it speaks it, else its latest. */
export function negotiated(record: InitializeRecord, requested: string): string {
  return record.versions.includes(requested) ? requested : record.latest;
}

/**
 * Takes lines for the table's answers. `answered` holds the ids of the initialize requests it
 * answered and forwarded: the SDK's own response to them is a duplicate, to drop.
 */
export function earlyAnswers(table: Pick<ToolTable, 'initialize' | 'tools'>): { take(line: string): Take | undefined; answered: Set<Id> } {
  const answered = new Set<Id>();
  const take = (line: string): Take | undefined => {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (!only(message, ['jsonrpc', 'id', 'method', 'params']) || message.jsonrpc !== '2.0' || typeof message.method !== 'string') return undefined;
    // A notification has no response: the SDK gets it, and later requests may still be answered here.
    if (!('id' in message)) return { forward: true };
    const { id, method, params } = message;
    if (!(typeof id === 'string' || Number.isSafeInteger(id)) || answered.has(id as Id)) return undefined;
    if (method === 'initialize' && only(params, ['protocolVersion', 'capabilities', 'clientInfo']) && typeof params.protocolVersion === 'string' && capabilitiesOk(params.capabilities) && clientInfoOk(params.clientInfo)) {
      answered.add(id as Id);
      return { reply: response(id as Id, { ...table.initialize.result, protocolVersion: negotiated(table.initialize, params.protocolVersion) }), forward: true };
    }
    if (method === 'tools/list' && (params === undefined || (only(params, ['cursor']) && optional(params.cursor, 'string')))) {
      return { reply: response(id as Id, { tools: table.tools }), forward: false, listed: true };
    }
    return undefined;
  };
  return { take, answered };
}
