/** Dollars as tables print them: cents, or four decimals for less than a cent. Its own module so an early answer prints costs without loading the pricing schema. */
export const formatUsd = (usd: number): string => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;
