/**
 * Service tokens are `Symbol.for` keys so that two copies of this module (the host's
 * and a separately installed plugin's) name the same service.
 */
declare const TOKEN_TYPE: unique symbol;

export type Token<T> = symbol & { readonly [TOKEN_TYPE]?: T };

const TOKEN_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function createToken<T>(name: string): Token<T> {
  if (!TOKEN_NAME.test(name)) {
    throw new TypeError(`token name "${name}" must be dotted lower-case, such as "loom.session.store"`);
  }
  return Symbol.for(name) as Token<T>;
}

/** The registered name of a token, for messages. */
export function tokenName(token: symbol): string {
  return Symbol.keyFor(token) ?? token.description ?? 'anonymous-token';
}
