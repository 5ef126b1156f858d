/**
 * The customer's status page: one request, one plain status, the messages meant for the
 * customer, and a box to reply. Everything dynamic is HTML-escaped (customers write markup
 * too), the page carries a strict Content-Security-Policy and loads nothing from elsewhere.
 * It shows only what `CustomerRequestView` holds — never an internal name.
 */

/** What the customer may see of a request. */
export interface CustomerRequestView {
  reference: string;
  status: 'received' | 'working_on_it' | 'need_something_from_you' | 'resolved';
  statusLabel: string;
  statusText: string;
  subject: string | null;
  createdAt: string;
  updatedAt: string;
  messages: { from: 'you' | 'us'; text: string; at: string }[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export const STATUS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The plain words for each status. */
export const STATUS_WORDS: Record<CustomerRequestView['status'], { label: string; text: string }> = {
  received: { label: 'Received', text: 'We have your message and will look at it shortly.' },
  working_on_it: { label: 'Working on it', text: 'We are working on your request. We will write here as soon as we know more.' },
  need_something_from_you: { label: 'We need something from you', text: 'We need a little more from you to go on: please read our last message and reply below.' },
  resolved: { label: 'Resolved', text: 'Your request is resolved. If anything is still wrong, reply below and we will pick it up again.' },
};

export function renderStatusPage(view: CustomerRequestView, replyAction: string): string {
  const messages = view.messages.map((m) => `<li class="${m.from}"><p class="meta">${m.from === 'you' ? 'You' : 'Us'}, <time datetime="${escapeHtml(m.at)}">${escapeHtml(m.at.slice(0, 16).replace('T', ' '))} UTC</time></p><p>${escapeHtml(m.text).replace(/\n/g, '<br>')}</p></li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Your request ${escapeHtml(view.reference)}: ${escapeHtml(view.statusLabel)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.status{border-radius:.5rem;padding:1rem;background:#eef4ff;border:1px solid #b6ccf5}
.status h2{margin:.2rem 0}
ol{list-style:none;padding:0}li{margin:1rem 0;padding:.75rem;border-radius:.5rem;background:#f5f5f5}
li.us{background:#f0f7ee}.meta{font-size:.85rem;color:#555;margin:0}
textarea{width:100%;min-height:6rem;font:inherit}button{font:inherit;padding:.4rem 1rem}
</style>
</head>
<body>
<main>
<h1>Your request</h1>
<p>Reference ${escapeHtml(view.reference)}${view.subject === null ? '' : ` — ${escapeHtml(view.subject)}`}</p>
<section class="status" aria-live="polite">
<p>Status</p>
<h2>${escapeHtml(view.statusLabel)}</h2>
<p>${escapeHtml(view.statusText)}</p>
</section>
<h2>Messages</h2>
<ol>
${messages}
</ol>
<form method="post" action="${escapeHtml(replyAction)}">
<label for="reply">Reply</label>
<textarea id="reply" name="text" required maxlength="20000"></textarea>
<button type="submit">Send</button>
</form>
</main>
</body>
</html>
`;
}
