// Package web is the web service: the home page, the checkout page, and the checkout that
// calls customers and payment through the mode's HTTP client.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"

	"sidecar-lab.dev/services/internal/appconfig"
)

// Platform is what the handlers use of the mode (platform.Platform).
type Platform interface {
	Client() *http.Client
	Config() *appconfig.Current
	Logger() *slog.Logger
	Count(ctx context.Context, name string, value float64, labels map[string]string) error
}

// Service calls its peers through the platform's client: http://customers/..., http://payment/...
type Service struct {
	platform Platform
	client   *http.Client
	config   *appconfig.Current
	log      *slog.Logger
}

func New(p Platform) *Service {
	return &Service{platform: p, client: p.Client(), config: p.Config(), log: p.Logger()}
}

// Routes adds the web paths of spec/services.openapi.yaml. "/{$}" is the root alone: a bare
// "/" pattern would catch every unmatched path.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /checkout", s.checkoutPage)
	mux.HandleFunc("POST /checkout", s.checkout)
}

var homePage = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sidecar-lab shop</title></head>
<body><h1>{{.}}</h1><p><a href="/checkout">Check out</a></p></body></html>
`))

func (s *Service) home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = homePage.Execute(w, s.config.Banner())
}

const checkoutHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body><h1>Checkout</h1>
<form id="checkout">
<label>Customer id <input name="customerId" type="number" min="1" required></label>
<label>Amount (cents) <input name="amountCents" type="number" min="1" required></label>
<label>Currency <select name="currency"><option>EUR</option><option>USD</option><option>GBP</option></select></label>
<button>Pay</button>
</form>
<pre id="result"></pre>
<script>
const key = crypto.randomUUID(); // one key per page: a resubmitted form charges once
document.getElementById('checkout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customerId: Number(form.get('customerId')),
      amountCents: Number(form.get('amountCents')),
      currency: form.get('currency'),
      idempotencyKey: key,
    }),
  });
  document.getElementById('result').textContent = response.status + ' ' + await response.text();
});
</script>
</body></html>
`

func (s *Service) checkoutPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(checkoutHTML))
}
