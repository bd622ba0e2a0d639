/**
 * The two transactional emails of a subscription: the confirmation (double opt-in) and the welcome.
 * Plain HTML with a text part; every value escaped. Digests are the alert engine's (lambdas/alerts).
 */
import type { OutgoingEmail } from '../mail/mailer';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { html } from './html';
import { listUnsubscribeHeaders } from './links';
import type { Tier } from './subscriber';
import { TIER_CADENCE } from './tiers';

const wrap = (title: string, body: ReturnType<typeof html>) =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1b1f23">
<div style="max-width:560px;margin:0 auto">
<h1 style="font-size:22px">${title}</h1>
${body}
</div></body></html>`.value;

const button = (href: string, label: string) =>
  html`<p><a href="${href}" style="display:inline-block;padding:12px 20px;background:#0b5cad;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${label}</a></p>`;

export function confirmationEmail(to: string, confirmUrl: string): OutgoingEmail {
  const title = 'Confirm your careerwire job alerts';
  const days = SUBSCRIPTION_LIMITS.pendingDays;
  return {
    to,
    subject: title,
    html: wrap(
      title,
      html`<p>Someone, hopefully you, asked to get careerwire job alerts at this address.</p>
${button(confirmUrl, 'Confirm my job alerts')}
<p>Or open this link: <a href="${confirmUrl}">${confirmUrl}</a></p>
<p style="color:#57606a">The link works for ${days} days. If you did not ask for this, ignore this email: you will get nothing more from us.</p>`,
    ),
    text: [
      title,
      '',
      'Someone, hopefully you, asked to get careerwire job alerts at this address.',
      'Confirm by opening this link:',
      confirmUrl,
      '',
      `The link works for ${days} days. If you did not ask for this, ignore this email: you will get nothing more from us.`,
    ].join('\n'),
    tags: { kind: 'confirmation' },
  };
}

/** `siteUrl`: the site's base URL; the welcome points to its career guides. */
export function welcomeEmail(to: string, tier: Tier, links: { manageUrl: string; unsubscribeUrl: string; siteUrl?: string }): OutgoingEmail {
  const title = 'Your careerwire job alerts are on';
  const cadence = TIER_CADENCE[tier];
  return {
    to,
    subject: title,
    html: wrap(
      title,
      html`<p>Thanks for confirming. You are on the ${tier === 'plus' ? 'Plus' : 'Free'} plan: a ${cadence} of new jobs that match your preferences.</p>
${button(links.manageUrl, 'Choose what you get')}
${links.siteUrl !== undefined ? html`<p>While you wait for your first digest, read the <a href="${links.siteUrl}/guides">career guides</a>: what each role pays by level, the skills it takes, and its open jobs.</p>` : ''}
<p style="color:#57606a">Change your preferences, export or erase your data any time: <a href="${links.manageUrl}">manage your alerts</a>.
Not for you? <a href="${links.unsubscribeUrl}">Unsubscribe</a>.</p>`,
    ),
    text: [
      title,
      '',
      `Thanks for confirming. You are on the ${tier === 'plus' ? 'Plus' : 'Free'} plan: a ${cadence} of new jobs that match your preferences.`,
      '',
      `Manage your alerts (preferences, export, erase): ${links.manageUrl}`,
      ...(links.siteUrl !== undefined ? [`Career guides: ${links.siteUrl}/guides`] : []),
      `Unsubscribe: ${links.unsubscribeUrl}`,
    ].join('\n'),
    headers: listUnsubscribeHeaders(links.unsubscribeUrl),
    tags: { kind: 'welcome', tier },
  };
}
