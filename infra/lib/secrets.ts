import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { LieuConfig } from './config';
import { acknowledge } from './nag';

/**
 * The secrets, in Secrets Manager. The JWT signing key is generated at deploy time; the Stripe keys are
 * created with a placeholder and set by the operator (docs/deploy.md). Functions read them through the
 * Parameters and Secrets Lambda extension (a localhost call, cached; no SDK in the bundle).
 */
export class Secrets extends Construct {
  readonly jwt: secretsmanager.Secret;
  /** The value CloudFront adds to every API origin request; the functions refuse a request without it. */
  readonly originVerify: secretsmanager.Secret;
  readonly stripeApiKey: secretsmanager.Secret;
  readonly stripeWebhook: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { config: LieuConfig }) {
    super(scope, id);
    const removalPolicy = props.config.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.jwt = new secretsmanager.Secret(this, 'JwtKey', {
      description: 'Lieu: HS256 key that signs session tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    this.originVerify = new secretsmanager.Secret(this, 'OriginVerify', {
      description: 'Lieu: the header value CloudFront adds to API requests (a request without it did not come through CloudFront)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    this.stripeApiKey = new secretsmanager.Secret(this, 'StripeApiKey', {
      description: 'Lieu: Stripe secret API key (sk_live_… / sk_test_…); set it after the first deploy',
      removalPolicy,
    });
    this.stripeWebhook = new secretsmanager.Secret(this, 'StripeWebhookSecret', {
      description: 'Lieu: Stripe webhook signing secret (whsec_…); set it after creating the endpoint in Stripe',
      removalPolicy,
    });
    acknowledge(this.jwt, 'AwsSolutions-SMG4', 'The JWT key is rotated by hand with two keys valid during the change (a keyring secret naming its current kid, docs/deploy.md), so nobody is signed out; an automatic rotation Lambda would replace the only key at once.');
    acknowledge(this.originVerify, 'AwsSolutions-SMG4', 'CloudFront reads this value at deploy time (an origin custom header): it is rotated by a deploy, which updates the distribution and the functions together.');
    acknowledge(this.stripeApiKey, 'AwsSolutions-SMG4', 'Stripe API keys are issued and rolled in the Stripe dashboard, not by a Secrets Manager rotation Lambda.');
    acknowledge(this.stripeWebhook, 'AwsSolutions-SMG4', 'The webhook signing secret is issued and rolled by Stripe (endpoint settings), then pasted here.');
  }
}
