import type { Node } from 'constructs';

export type Stage = 'dev' | 'prod';

/** The deployment's settings, from CDK context (`cdk.json` or `-c key=value`). */
export interface LieuConfig {
  stage: Stage;
  /** Platform apex domain (`lieu.example`); tenants live on `<slug>.<domain>`. */
  domain?: string;
  /** ACM certificate in us-east-1 covering `<domain>` and `*.<domain>` (and the custom domains). */
  certificateArn?: string;
  /**
   * ACM certificate in the stack's region for `origin.<domain>`: the API then answers only on that
   * custom domain, CloudFront's origin, and its execute-api endpoint is disabled.
   */
  originCertificateArn?: string;
  /** An AWS WAF web ACL on the distribution (infra/lib/edge.ts, in us-east-1): on in prod by default. */
  waf: boolean;
  /** Tenants' own domains served by the distribution (each must be covered by the certificate). */
  customDomains: string[];
  /** Address the emails come from (an address of the SES identity). */
  mailFrom?: string;
  /** Who receives alarm notifications. */
  alarmEmail?: string;
  /** `stub` (tests) replaces each function's bundle with an inline stub; anything else bundles with esbuild. */
  bundling: 'esbuild' | 'stub';
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function readConfig(node: Node): LieuConfig {
  const stage = str(node.tryGetContext('stage')) ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context "stage" must be dev or prod, not "${stage}"`);
  const domain = str(node.tryGetContext('domain'));
  const certificateArn = str(node.tryGetContext('certificateArn'));
  const customDomains = list(node.tryGetContext('customDomains'));
  const originCertificateArn = str(node.tryGetContext('originCertificateArn'));
  if (originCertificateArn && !domain) throw new Error('originCertificateArn needs the platform domain (context "domain")');
  if (customDomains.length && !certificateArn) throw new Error('customDomains need a certificateArn that covers them');
  if (certificateArn && !domain) throw new Error('certificateArn needs the platform domain (context "domain")');
  const mailFrom = str(node.tryGetContext('mailFrom')) ?? (domain ? `no-reply@${domain}` : undefined);
  const alarmEmail = str(node.tryGetContext('alarmEmail'));
  const wafContext = node.tryGetContext('waf');
  const waf = wafContext === undefined ? stage === 'prod' : wafContext === true || wafContext === 'true';
  return {
    stage, customDomains, waf, bundling: node.tryGetContext('lieu:bundling') === 'stub' ? 'stub' : 'esbuild',
    ...(domain ? { domain } : {}), ...(certificateArn ? { certificateArn } : {}), ...(originCertificateArn ? { originCertificateArn } : {}),
    ...(mailFrom ? { mailFrom } : {}), ...(alarmEmail ? { alarmEmail } : {}),
  };
}
