import type { RuleInfo } from '../types.js';
import type { PlaceholderPolicy } from './placeholders.js';

/** A secret's [start, end) character span in the scanned text. */
export interface Span {
  start: number;
  end: number;
}

/** What a rule's check sees for one candidate. */
export interface MatchContext {
  text: string;
  /** The regex match, for pattern rules. */
  match: RegExpExecArray | undefined;
  /** The candidate secret and its span. */
  secret: string;
  start: number;
  end: number;
  file: string | undefined;
}

/** `false` rejects the candidate, `true` keeps it, a span keeps a narrower (or moved) part of it. */
export type RuleCheck = (context: MatchContext) => boolean | Span;

/**
 * One entry of the rule table. A rule finds candidates either with `pattern` (flags `g` and `d`;
 * the named group `secret` is the secret, else the whole match) or with `find`; each candidate then
 * passes the placeholder test, the entropy minimum and the rule's own check.
 */
export interface SecretRule extends RuleInfo {
  pattern?: RegExp;
  find?: (text: string) => Iterable<Span>;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  /** How the placeholder test reads the secret (`token` unless said otherwise; `none` skips it). */
  placeholders?: PlaceholderPolicy | 'none';
  check?: RuleCheck;
  /**
   * Every match starts with one of the rule's keywords (case aside): the scanner then tries the
   * pattern only where the pre-filter saw a keyword, instead of scanning the whole text. For rules
   * whose keywords are common words (`key`, `token`, `://`).
   */
  anchored?: boolean;
  /** Off in lockfiles (their hashes and checksums defeat entropy- and context-based rules). */
  skipInLockfiles?: boolean;
  /** In documentation, values the surrounding line presents as an example are not reported. */
  examplesInDocs?: boolean;
}
