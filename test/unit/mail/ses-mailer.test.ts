import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { MailError } from '../../../lambdas/mail/mailer';
import { SesMailer, classifySesError } from '../../../lambdas/mail/ses-mailer';

const ses = mockClient(SESv2Client);
beforeEach(() => ses.reset());

const email = {
  to: 'ann@example.com',
  subject: 'Hello',
  html: '<p>Hi</p>',
  text: 'Hi',
  headers: [
    { name: 'List-Unsubscribe', value: '<https://api.example/unsubscribe?token=t>' },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ],
  tags: { kind: 'welcome', tier: 'free', 'run id': 'a.b' },
};

it('sends simple content with headers, tags and the configuration set', async () => {
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  const mailer = new SesMailer({ from: 'alerts@careerwire.example', configurationSet: 'careerwire-feedback', client: new SESv2Client({ region: 'us-east-1' }) });
  expect(await mailer.send(email)).toEqual({ messageId: 'm-1' });
  expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
    FromEmailAddress: 'alerts@careerwire.example',
    Destination: { ToAddresses: ['ann@example.com'] },
    Content: {
      Simple: {
        Subject: { Data: 'Hello', Charset: 'UTF-8' },
        Body: { Text: { Data: 'Hi', Charset: 'UTF-8' }, Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' } },
        Headers: [
          { Name: 'List-Unsubscribe', Value: '<https://api.example/unsubscribe?token=t>' },
          { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
        ],
      },
    },
    EmailTags: [
      { Name: 'kind', Value: 'welcome' },
      { Name: 'tier', Value: 'free' },
      { Name: 'run_id', Value: 'a_b' },
    ],
    ConfigurationSetName: 'careerwire-feedback',
  });
});

it('leaves out what is not set', () => {
  const mailer = new SesMailer({ from: 'a@b.example', client: new SESv2Client({ region: 'us-east-1' }) });
  const input = mailer.request({ to: 'x@y.example', subject: 's', html: 'h', text: 't' });
  expect(input).not.toHaveProperty('ConfigurationSetName');
  expect(input).not.toHaveProperty('EmailTags');
  expect(input.Content?.Simple).not.toHaveProperty('Headers');
});

const sesError = (name: string, message = 'boom', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

it.each([
  ['TooManyRequestsException', 'throttled'],
  ['ThrottlingException', 'throttled'],
  ['Throttling', 'throttled'],
  ['LimitExceededException', 'paused'],
  ['SendingPausedException', 'paused'],
  ['AccountSuspendedException', 'paused'],
  ['MailFromDomainNotVerifiedException', 'configuration'],
  ['NotFoundException', 'configuration'],
  ['AccessDeniedException', 'configuration'],
  ['MessageRejected', 'rejected'],
  ['BadRequestException', 'rejected'],
  ['InternalServiceErrorException', 'transient'],
  ['TimeoutError', 'transient'],
])('maps %s to %s', async (name, kind) => {
  expect(classifySesError(sesError(name))).toBe(kind);
  ses.on(SendEmailCommand).rejects(sesError(name));
  const mailer = new SesMailer({ from: 'a@b.example', client: new SESv2Client({ region: 'us-east-1' }) });
  const failure = await mailer.send(email).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(MailError);
  expect((failure as MailError).kind).toBe(kind);
});

it('maps an unnamed HTTP 429 to throttled', () => {
  expect(classifySesError(sesError('Unknown', 'slow down', 429))).toBe('throttled');
});

it.each([
  ['Throttling', 'Maximum sending rate exceeded.', 'throttled'],
  ['Throttling', 'Daily message quota exceeded.', 'paused'],
  ['TooManyRequestsException', 'Maximum sending quota exceeded.', 'paused'],
  ['MessageRejected', 'Email address is not verified. The following identities failed the check in region EU-WEST-1: a@b.example', 'configuration'],
  ['MessageRejected', 'Message contains a virus.', 'rejected'],
])('reads the message too: %s "%s" is %s', (name, message, kind) => {
  expect(classifySesError(sesError(name, message))).toBe(kind);
});

it('never carries an address in the error message', async () => {
  ses.on(SendEmailCommand).rejects(
    sesError('MessageRejected', 'Email address is not verified. The following identities failed the check in region US-EAST-1: Ann@Example.com, alerts@careerwire.example'),
  );
  const mailer = new SesMailer({ from: 'alerts@careerwire.example', client: new SESv2Client({ region: 'us-east-1' }) });
  const failure = (await mailer.send(email).catch((e: unknown) => e)) as MailError;
  expect(failure.message).toMatch(/^MessageRejected: Email address is not verified/);
  expect(failure.message).not.toMatch(/@/);
});
