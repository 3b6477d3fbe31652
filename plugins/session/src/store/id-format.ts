/** Crockford's base32, lower-case: no i, l, o, u, so ids read aloud and type without doubt. */
export const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const ID_LENGTH = 8;
const ID = new RegExp(`^[${ALPHABET}]{${ID_LENGTH}}$`);

export const isId = (value: string): boolean => ID.test(value);
