import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Email } from '@lieu/db';

/** The port through which outbox emails leave: SES in AWS, the console locally, a fake in tests. */
export interface Mailer {
  /** Sends one email; `id` is the outbox item's id (used as an idempotency hint). Resolves to the provider's message id. */
  send(email: Email & { id: string }): Promise<string>;
}

/** Amazon SES (v2 API). `from` is an address of the verified identity (`MAIL_FROM`). */
export function sesMailer(opts: { from: string; configurationSet?: string; client?: SESv2Client }): Mailer {
  const client = opts.client ?? new SESv2Client({});
  return {
    async send(email) {
      const r = await client.send(new SendEmailCommand({
        FromEmailAddress: opts.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}) },
            Headers: [{ Name: 'X-Lieu-Outbox-Id', Value: email.id }],
            ...(email.attachments?.length ? {
              Attachments: email.attachments.map((a) => ({
                FileName: a.filename, ContentType: a.contentType, RawContent: Buffer.from(a.content, 'base64'), ContentDisposition: 'ATTACHMENT' as const,
              })),
            } : {}),
          },
        },
        ...(opts.configurationSet ? { ConfigurationSetName: opts.configurationSet } : {}),
      }));
      return r.MessageId ?? '';
    },
  };
}

/** Local default: prints the email (the dev mailbox page shows the outbox too). */
export function consoleMailer(print: (line: string) => void = (l) => console.log(l)): Mailer {
  return {
    async send(email) {
      const files = email.attachments?.length ? `\n   [${email.attachments.map((a) => a.filename).join(', ')}]` : '';
      print(`── email ${email.id} → ${email.to}\n   ${email.subject}\n${email.text.replace(/^/gm, '   ')}${files}`);
      return `console-${email.id}`;
    },
  };
}

/** The mailer the Lambda environment asks for: `MAILER=ses` with `MAIL_FROM`, else the console. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer {
  if (env.MAILER === 'ses') {
    if (!env.MAIL_FROM) throw new Error('MAIL_FROM must be set when MAILER=ses');
    return sesMailer({ from: env.MAIL_FROM, ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}) });
  }
  return consoleMailer();
}
