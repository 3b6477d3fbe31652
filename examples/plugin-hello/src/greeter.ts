import { createToken } from '@loomkit/kernel';

/** The service this plugin provides to the host kernel. */
export interface Greeter {
  /** The configured greeting (config key `hello.greeting`). */
  readonly greeting: string;
  greet(name: string): string;
}

/** `Symbol.for('hello.greeter')`: the same token in every copy of this module. */
export const Greeter = createToken<Greeter>('hello.greeter');
