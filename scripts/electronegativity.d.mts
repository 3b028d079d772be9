export interface ElectronegativityIssue {
  readonly id: string;
  readonly file: string;
  readonly description: string;
  readonly severity: { readonly name: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' };
  readonly location: { readonly line: number; readonly column: number };
}
export const OFFLINE_EXCLUDED_CHECKS: readonly string[];
export const EXCUSED: readonly { readonly check: string; readonly file: string; readonly why: string }[];
export function scan(input: string): Promise<{ issues: ElectronegativityIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;
export function failingFindings(issues: readonly ElectronegativityIssue[], dir: string): ElectronegativityIssue[];
