// Package payment is the payment service: capture payments, idempotent by Idempotency-Key.
package payment

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/store"
)

const schema = `
CREATE TABLE IF NOT EXISTS payments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	customer_id INTEGER NOT NULL,
	amount_cents INTEGER NOT NULL,
	currency TEXT NOT NULL,
	status TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
	key TEXT PRIMARY KEY,
	request TEXT NOT NULL,      -- the request's fields, to tell a replay from a reuse
	status INTEGER NOT NULL,
	response TEXT NOT NULL      -- the answer given, replayed byte for byte
)`

// Payment is the Payment schema.
type Payment struct {
	ID          int64  `json:"id"`
	CustomerID  int64  `json:"customerId"`
	AmountCents int64  `json:"amountCents"`
	Currency    string `json:"currency"`
	Status      string `json:"status"`
	CreatedAt   string `json:"createdAt"`
}

// Platform is what the handlers use of the mode (platform.Platform).
type Platform interface {
	Config() *appconfig.Current
	Logger() *slog.Logger
	Count(ctx context.Context, name string, value float64, labels map[string]string) error
}

// Service holds the database and the mode's platform.
type Service struct {
	db       *sql.DB
	platform Platform
	log      *slog.Logger
}

// Open opens payment.db in dataDir.
func Open(ctx context.Context, dataDir string, p Platform) (*Service, error) {
	db, err := store.Open(ctx, dataDir, "payment.db", schema)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, platform: p, log: p.Logger()}, nil
}

func (s *Service) Close() error { return s.db.Close() }

// Routes adds the payment paths of spec/services.openapi.yaml.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /payments", s.capture)
	mux.HandleFunc("GET /payments/{id}", s.get)
}

func (s *Service) capture(w http.ResponseWriter, r *http.Request) {
	p, key, err := s.readRequest(w, r)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	status, answer, replayed, err := s.charge(r.Context(), p, key)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	} else {
		s.captured(r, p)
	}
	httpapi.WriteRawJSON(w, status, answer)
}

// captured reports a payment charged now (not a replay): counters and the payment.captured record.
func (s *Service) captured(r *http.Request, p *Payment) {
	ctx, labels := r.Context(), map[string]string{"currency": p.Currency}
	_ = s.platform.Count(ctx, "payments_total", 1, labels) // valid by construction
	_ = s.platform.Count(ctx, "payment_amount_cents_total", float64(p.AmountCents), labels)
	s.log.LogAttrs(ctx, slog.LevelInfo, "payment "+strconv.FormatInt(p.ID, 10)+" captured",
		slog.String("event", "payment.captured"),
		slog.String("request_id", r.Header.Get("X-Request-Id")),
		slog.Int64("payment_id", p.ID),
		slog.Int64("customer_id", p.CustomerID),
		slog.Int64("amount_cents", p.AmountCents),
		slog.String("currency", p.Currency))
}

// readRequest checks, in this order, that the body is JSON, the Idempotency-Key header (""
// when absent), that the body is an object, and its fields.
func (s *Service) readRequest(w http.ResponseWriter, r *http.Request) (*Payment, string, error) {
	body, err := httpapi.ReadBody(w, r)
	if err != nil {
		return nil, "", err
	}
	value, err := httpapi.Decode(body)
	if err != nil {
		return nil, "", err
	}
	key, hasKey := r.Header["Idempotency-Key"]
	if hasKey && (len(key) != 1 || !httpapi.ValidIdempotencyKey(key[0])) {
		return nil, "", httpapi.Invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces")
	}
	obj, err := httpapi.AsObject(value)
	if err != nil {
		return nil, "", err
	}
	p, verr := s.validate(obj)
	if verr != nil {
		return nil, "", verr
	}
	if !hasKey {
		return p, "", nil
	}
	return p, key[0], nil
}

// validate reads the body fields in the schema's order, the config's ceiling included.
func (s *Service) validate(obj httpapi.Object) (*Payment, *httpapi.Error) {
	customerID, err := obj.ID("customerId")
	if err != nil {
		return nil, err
	}
	amount, err := obj.ID("amountCents")
	if err != nil {
		return nil, err
	}
	if ceiling := s.platform.Config().MaxAmountCents(); amount > ceiling {
		return nil, httpapi.Invalid("amountCents", "must be at most "+strconv.FormatInt(ceiling, 10)+" (maxAmountCents)")
	}
	currency, err := obj.Currency("currency")
	if err != nil {
		return nil, err
	}
	return &Payment{CustomerID: customerID, AmountCents: amount, Currency: currency, Status: "captured"}, nil
}

func (s *Service) get(w http.ResponseWriter, r *http.Request) {
	id, ok := httpapi.IntegerText(r.PathValue("id"))
	if !ok || id < 1 || id > httpapi.MaxSafeInteger {
		httpapi.WriteError(w, httpapi.Invalid("id", "must be an integer from 1 to 9007199254740991"))
		return
	}
	var p Payment
	err := s.db.QueryRowContext(r.Context(),
		`SELECT id, customer_id, amount_cents, currency, status, created_at FROM payments WHERE id = ?`, id).
		Scan(&p.ID, &p.CustomerID, &p.AmountCents, &p.Currency, &p.Status, &p.CreatedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		httpapi.WriteError(w, httpapi.NotFound("", "no payment with id "+strconv.FormatInt(id, 10)))
	case err != nil:
		httpapi.Fail(w, r, s.log, err)
	default:
		httpapi.WriteJSON(w, http.StatusOK, p)
	}
}
