// The web service's two HTML pages, self-contained (no external assets).
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}' +
  'label{display:block;margin:.5rem 0}pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export function homePage(banner: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sidecar-lab shop</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(banner)}</h1><p><a href="/checkout">Check out</a></p></body></html>
`;
}

export const CHECKOUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title><style>${STYLE}</style></head>
<body><h1>Checkout</h1>
<form id="checkout">
  <label>Customer id <input name="customerId" type="number" min="1" required></label>
  <label>Amount (cents) <input name="amountCents" type="number" min="1" required></label>
  <label>Currency <select name="currency"><option>EUR</option><option>USD</option><option>GBP</option></select></label>
  <label>Idempotency key (optional) <input name="idempotencyKey"></label>
  <button type="submit">Pay</button>
</form>
<pre id="answer"></pre>
<script>
document.getElementById('checkout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const order = {
    customerId: Number(form.get('customerId')),
    amountCents: Number(form.get('amountCents')),
    currency: form.get('currency'),
  };
  if (form.get('idempotencyKey')) order.idempotencyKey = form.get('idempotencyKey');
  const answer = document.getElementById('answer');
  try {
    const response = await fetch('/checkout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    answer.textContent = response.status + '\\n' + JSON.stringify(await response.json(), null, 2);
  } catch (error) {
    answer.textContent = String(error);
  }
});
</script>
</body></html>
`;
