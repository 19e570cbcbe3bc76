import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { LieuConfig } from './config';

/**
 * SES for the outbox. With a platform domain, the domain is the sending identity (Easy DKIM: CNAMEs to
 * add at the DNS host, shown in the SES console); without one, the `mailFrom` address is verified alone;
 * with neither, emails go to the function's logs (console mailer). A new SES account is in the sandbox:
 * request production access (docs/deploy.md).
 */
export class Email extends Construct {
  readonly identity?: ses.EmailIdentity;
  readonly identityArn?: string;
  readonly from?: string;

  constructor(scope: Construct, id: string, props: { config: LieuConfig }) {
    super(scope, id);
    const { domain, mailFrom } = props.config;
    if (!mailFrom) return;
    const name = domain ?? mailFrom;
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: domain ? ses.Identity.domain(domain) : ses.Identity.email(mailFrom),
    });
    this.from = mailFrom;
    const stack = Stack.of(this);
    this.identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  }

  /** Lets a function send from the identity, and only from its `From` address. */
  grantSend(grantee: iam.IGrantable): void {
    if (!this.identityArn || !this.from) return;
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [this.identityArn],
      conditions: { StringEquals: { 'ses:FromAddress': this.from } },
    }));
  }

  environment(): Record<string, string> {
    return this.from ? { MAILER: 'ses', MAIL_FROM: this.from } : { MAILER: 'console' };
  }
}
