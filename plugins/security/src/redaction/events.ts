declare module '@loomkit/kernel' {
  interface LoomEvents {
    /** Secrets were replaced by placeholders in a call to Claude (never the secrets themselves). */
    'security:secrets-redacted': { count: number; rules: string[]; command: string | undefined };
  }
}

export {};
