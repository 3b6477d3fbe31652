import { createTestKernel } from '@loomkit/kernel/testing';
import llmPlugin from '@loomkit/llm/plugin';
import securityPlugin, { InjectionGuardToken, SecretsToken, type InjectionGuard, type SecretScanner } from '@loomkit/plugin-security';

export interface SecurityServices {
  secrets: SecretScanner;
  injection: InjectionGuard;
  dispose: () => Promise<void>;
}

/** The security plugin's real scanner and guard, from a kernel of their own (dispose it after). */
export async function startSecurityServices(): Promise<SecurityServices> {
  const kernel = await createTestKernel({ plugins: [llmPlugin, securityPlugin] });
  return { secrets: kernel.get(SecretsToken), injection: kernel.get(InjectionGuardToken), dispose: () => kernel.dispose() };
}
