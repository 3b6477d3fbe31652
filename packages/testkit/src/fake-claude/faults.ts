import { prng } from './ids.js';
import type { FakeErrorType, FakeFaultSpec, FakeRecordedRequest } from './types.js';

/** What the fake does with one request, decided when it arrives. */
export interface FaultDecision {
  latencyMs: number;
  eventDelayMs: number;
  hang: boolean;
  /** Wait at the spec's in-flight gate before answering. */
  hold?: boolean;
  /** Answer with this status instead of serving. */
  status?: number;
  retryAfterSeconds?: number;
  /** Streaming: destroy the socket after this many SSE events. */
  cutAfterEvents?: number;
  /** Streaming: end the response cleanly after this many SSE events (a `'truncate'` sequence step). */
  endAfterEvents?: number;
  /** Not streaming: destroy the socket instead of answering (a `'cut'` sequence step). */
  cutBeforeAnswer?: boolean;
  /** Serve it, but never send the answer (a `'lost'` sequence step). */
  answerLost?: boolean;
  streamError?: { afterEvents: number; type: FakeErrorType };
}

export const NO_FAULT: FaultDecision = { latencyMs: 0, eventDelayMs: 0, hang: false };

const DEFAULT_CUT_AFTER = 3;

/** A test's fault spec with its state: the sequence position and the seeded PRNG. */
export class FaultPlan {
  private step = 0;
  private readonly random: () => number;

  constructor(private readonly spec: FakeFaultSpec) {
    this.random = prng(spec.seed ?? 1);
  }

  decide(request: FakeRecordedRequest): FaultDecision {
    const spec = this.spec;
    if (spec.match && !spec.match(request)) return NO_FAULT;
    const decision: FaultDecision = {
      latencyMs: Math.max(0, spec.latencyMs ?? 0),
      eventDelayMs: Math.max(0, spec.eventDelayMs ?? 0),
      hang: spec.hang === true,
      retryAfterSeconds: spec.retryAfterSeconds,
    };
    if (spec.holdUntilInFlight !== undefined) decision.hold = true;
    if (spec.cutAfterEvents !== undefined) decision.cutAfterEvents = spec.cutAfterEvents;
    if (spec.streamErrorAfterEvents !== undefined) {
      decision.streamError = { afterEvents: spec.streamErrorAfterEvents, type: spec.streamErrorType ?? 'overloaded_error' };
    }
    if (decision.hang) return decision;
    const sequence = spec.sequence ?? [];
    if (this.step < sequence.length) {
      const step = sequence[this.step++]!;
      if (step === 'hang') decision.hang = true;
      else if (step === 'lost') decision.answerLost = true;
      else if (step === 'truncate') decision.endAfterEvents = DEFAULT_CUT_AFTER;
      else if (step === 'cut') {
        decision.cutAfterEvents = spec.cutAfterEvents ?? DEFAULT_CUT_AFTER;
        decision.cutBeforeAnswer = true;
      }
      else if (typeof step === 'number' && step !== 200) decision.status = step;
      return decision;
    }
    if (spec.rate !== undefined && spec.rate > 0) {
      // Two draws per request whatever the outcome, so one request's fate never shifts another's.
      const hit = this.random() < spec.rate;
      const pick = this.random();
      const statuses = spec.statuses?.length ? spec.statuses : [529];
      if (hit) decision.status = statuses[Math.floor(pick * statuses.length)]!;
    }
    return decision;
  }
}
