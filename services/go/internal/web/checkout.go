// POST /checkout: look the customer up, then charge the payment with an Idempotency-Key.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"sidecar-lab.dev/services/internal/httpapi"
)

// Outcomes, the label of checkouts_total{outcome}.
const (
	outcomePaid            = "paid"
	outcomeInvalid         = "invalid"
	outcomeUnknownCustomer = "unknown_customer"
	outcomePaymentRejected = "payment_rejected"
	outcomeUpstreamFailed  = "upstream_failed"
)

// egressErrorHeader marks an answer egress made up itself: not the peer's own answer.
const egressErrorHeader = "X-Scl-Egress-Error"

type order struct {
	customerID, amountCents int64
	currency, key           string
}

// answer is a peer's answer, or why there is none.
type answer struct {
	status     int
	body       []byte
	fromEgress bool // synthesized by egress or the ambassador
	err        error
}

func (s *Service) checkout(w http.ResponseWriter, r *http.Request) {
	outcome := s.serveCheckout(w, r)
	_ = s.platform.Count(r.Context(), "checkouts_total", 1, map[string]string{"outcome": outcome})
}

// serveCheckout answers and says how the checkout ended.
func (s *Service) serveCheckout(w http.ResponseWriter, r *http.Request) string {
	o, err := readOrder(w, r)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return outcomeInvalid
	}
	found := s.call(r.Context(), http.MethodGet, "http://customers/customers/"+strconv.FormatInt(o.customerID, 10), nil, "")
	if found.status == http.StatusNotFound && !found.fromEgress {
		httpapi.WriteError(w, httpapi.NotFound("customerId", "no customer with id "+strconv.FormatInt(o.customerID, 10)))
		return outcomeUnknownCustomer
	}
	if found.status != http.StatusOK || !isObject(found.body) {
		return upstreamFailed(w, "customers", found)
	}
	charge, _ := json.Marshal(map[string]any{"customerId": o.customerID, "amountCents": o.amountCents, "currency": o.currency})
	paid := s.call(r.Context(), http.MethodPost, "http://payment/payments", charge, o.key)
	if (paid.status == http.StatusBadRequest || paid.status == http.StatusUnprocessableEntity) && !paid.fromEgress {
		httpapi.WriteRawJSON(w, paid.status, paid.body) // payment's own refusal is the client's to fix
		return outcomePaymentRejected
	}
	if paid.status != http.StatusCreated || !isObject(paid.body) {
		return upstreamFailed(w, "payment", paid)
	}
	httpapi.WriteJSON(w, http.StatusCreated, map[string]json.RawMessage{"customer": found.body, "payment": paid.body})
	return outcomePaid
}

func upstreamFailed(w http.ResponseWriter, service string, a answer) string {
	why := fmt.Sprintf("status %d", a.status)
	if a.err != nil {
		why = a.err.Error()
	}
	httpapi.WriteError(w, httpapi.UpstreamFailed(service+" failed: "+why))
	return outcomeUpstreamFailed
}

func readOrder(w http.ResponseWriter, r *http.Request) (order, error) {
	var o order
	body, err := httpapi.ReadBody(w, r)
	if err != nil {
		return o, err
	}
	obj, err := httpapi.DecodeObject(body)
	if err != nil {
		return o, err
	}
	var verr *httpapi.Error
	if o.customerID, verr = obj.ID("customerId"); verr != nil {
		return o, verr
	}
	if o.amountCents, verr = obj.ID("amountCents"); verr != nil {
		return o, verr
	}
	if o.currency, verr = obj.Currency("currency"); verr != nil {
		return o, verr
	}
	raw, present := obj["idempotencyKey"]
	if !present {
		o.key = uuid.NewString() // a fresh key still lets egress retry the charge safely
		return o, nil
	}
	if key, ok := raw.(string); ok && httpapi.ValidIdempotencyKey(key) {
		o.key = key
		return o, nil
	}
	return o, httpapi.Invalid("idempotencyKey", "must be 1 to 255 printable ASCII characters without spaces")
}

// call makes one call to a peer and reads its answer.
func (s *Service) call(ctx context.Context, method, url string, body []byte, idempotencyKey string) answer {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		return answer{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{err: fmt.Errorf("reading the answer: %w", err)}
	}
	return answer{status: resp.StatusCode, body: got, fromEgress: resp.Header.Get(egressErrorHeader) != ""}
}

func isObject(body []byte) bool {
	var v map[string]json.RawMessage
	return json.Unmarshal(body, &v) == nil && v != nil
}
