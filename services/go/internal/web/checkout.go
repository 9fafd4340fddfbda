// POST /checkout: look the customer up, then charge the payment with an Idempotency-Key.
package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"sidecar-lab.dev/services/internal/httpapi"
)

type checkoutRequest struct {
	customerID, amountCents int64
	currency, key           string
}

func (s *Service) checkout(w http.ResponseWriter, r *http.Request) {
	body, err := httpapi.ReadBody(w, r)
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	obj, err := httpapi.DecodeObject(body)
	if err != nil {
		httpapi.WriteError(w, err)
		return
	}
	req, verr := validateCheckout(obj)
	if verr != nil {
		httpapi.WriteError(w, verr)
		return
	}
	status, customer, err := s.call(r.Context(), http.MethodGet, "http://customers/customers/"+strconv.FormatInt(req.customerID, 10), nil, "")
	switch {
	case err != nil:
		httpapi.WriteError(w, httpapi.UpstreamFailed("customers could not be reached: "+err.Error()))
		return
	case status == http.StatusNotFound:
		httpapi.WriteError(w, httpapi.NotFound("customerId", "no customer with id "+strconv.FormatInt(req.customerID, 10)))
		return
	case status != http.StatusOK:
		httpapi.WriteError(w, httpapi.UpstreamFailed("customers answered "+strconv.Itoa(status)))
		return
	}
	charge, _ := json.Marshal(map[string]any{"customerId": req.customerID, "amountCents": req.amountCents, "currency": req.currency})
	status, payment, err := s.call(r.Context(), http.MethodPost, "http://payment/payments", charge, req.key)
	switch {
	case err != nil:
		httpapi.WriteError(w, httpapi.UpstreamFailed("payment could not be reached: "+err.Error()))
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity:
		httpapi.WriteRawJSON(w, status, payment) // the payment's own verdict on the request
	case status != http.StatusCreated:
		httpapi.WriteError(w, httpapi.UpstreamFailed("payment answered "+strconv.Itoa(status)))
	default:
		s.log.InfoContext(r.Context(), "checkout completed", "event", "checkout.completed", "customer_id", req.customerID)
		httpapi.WriteJSON(w, http.StatusCreated, map[string]json.RawMessage{"customer": customer, "payment": payment})
	}
}

func validateCheckout(obj httpapi.Object) (checkoutRequest, *httpapi.Error) {
	var req checkoutRequest
	var err *httpapi.Error
	if req.customerID, err = obj.ID("customerId"); err != nil {
		return req, err
	}
	if req.amountCents, err = obj.ID("amountCents"); err != nil {
		return req, err
	}
	if req.currency, err = obj.Currency("currency"); err != nil {
		return req, err
	}
	if _, present := obj["idempotencyKey"]; !present {
		req.key = rand.Text() // a fresh key still lets egress retry the charge safely
		return req, nil
	}
	if req.key, err = obj.String("idempotencyKey"); err != nil || !httpapi.ValidIdempotencyKey(req.key) {
		return req, httpapi.Invalid("idempotencyKey", "must be 1 to 255 printable ASCII characters without spaces")
	}
	return req, nil
}

// call makes one call to a peer and reads its answer.
func (s *Service) call(ctx context.Context, method, url string, body []byte, idempotencyKey string) (int, []byte, error) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("reading the answer: %w", err)
	}
	return resp.StatusCode, answer, nil
}
