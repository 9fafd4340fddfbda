// Package customers is the customers service: create, list and read customers in SQLite.
package customers

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"

	"sidecar-lab.dev/services/internal/appconfig"
	"sidecar-lab.dev/services/internal/httpapi"
	"sidecar-lab.dev/services/internal/store"
)

const schema = `CREATE TABLE IF NOT EXISTS customers (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	created_at TEXT NOT NULL
)`

// Customer is the Customer schema.
type Customer struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	CreatedAt string `json:"createdAt"`
}

// Platform is what the handlers use of the mode (platform.Platform).
type Platform interface {
	Config() *appconfig.Current
	Logger() *slog.Logger
}

// Service holds the database and what the handlers read.
type Service struct {
	db     *sql.DB
	config *appconfig.Current
	log    *slog.Logger
}

// Open opens customers.db in dataDir.
func Open(ctx context.Context, dataDir string, p Platform) (*Service, error) {
	db, err := store.Open(ctx, dataDir, "customers.db", schema)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, config: p.Config(), log: p.Logger()}, nil
}

func (s *Service) Close() error { return s.db.Close() }

// Routes adds the customers paths of spec/services.openapi.yaml.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /customers", s.create)
	mux.HandleFunc("GET /customers", s.list)
	mux.HandleFunc("GET /customers/{id}", s.get)
}

// email is the spec's ^[^@\s]+@[^@\s]+\.[^@\s]+$ with ECMA-262's \s spelled out: RE2's \s
// is ASCII only, the spec's pattern (JSON Schema) means the Unicode spaces too.
// notBlank is the spec's name pattern \S with the same spelled-out \s: strings.TrimSpace's
// unicode.IsSpace differs from it (U+0085 is a space to Go, U+FEFF is not).
var notBlank = regexp.MustCompile(`[^\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`)

var email = regexp.MustCompile(`^[^@\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+@` +
	`[^@\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+\.` +
	`[^@\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$`)

func (s *Service) create(w http.ResponseWriter, r *http.Request) {
	body, err := httpapi.ReadBody(w, r)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	obj, err := httpapi.DecodeObject(body)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	name, email, verr := validateCustomer(obj)
	if verr != nil {
		httpapi.WriteError(w, verr)
		return
	}
	c := Customer{Name: name, Email: email, CreatedAt: store.Now()}
	err = s.db.QueryRowContext(r.Context(),
		`INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?) RETURNING id`, c.Name, c.Email, c.CreatedAt).Scan(&c.ID)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusCreated, c)
}

func validateCustomer(obj httpapi.Object) (name, mail string, _ *httpapi.Error) {
	name, err := obj.String("name")
	if err != nil {
		return "", "", err
	}
	if !notBlank.MatchString(name) || httpapi.Length(name) > 100 {
		return "", "", httpapi.Invalid("name", "must be 1 to 100 characters, not blank")
	}
	if mail, err = obj.String("email"); err != nil {
		return "", "", err
	}
	if httpapi.Length(mail) > 254 || !email.MatchString(mail) {
		return "", "", httpapi.Invalid("email", "must be an email address of at most 254 characters")
	}
	return name, mail, nil
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) {
	limit, after, verr := s.pageOf(r)
	if verr != nil {
		httpapi.WriteError(w, verr)
		return
	}
	// one row more than the page tells whether a next page exists
	rows, err := s.db.QueryContext(r.Context(),
		`SELECT id, name, email, created_at FROM customers WHERE id > ? ORDER BY id LIMIT ?`, after, limit+1)
	if err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	defer rows.Close()
	items := make([]Customer, 0, limit)
	for rows.Next() {
		var c Customer
		if err := rows.Scan(&c.ID, &c.Name, &c.Email, &c.CreatedAt); err != nil {
			httpapi.Fail(w, r, s.log, err)
			return
		}
		items = append(items, c)
	}
	if err := rows.Err(); err != nil {
		httpapi.Fail(w, r, s.log, err)
		return
	}
	var nextAfter *int64
	if int64(len(items)) > limit {
		items = items[:limit]
		nextAfter = &items[limit-1].ID
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "nextAfter": nextAfter})
}

// pageOf reads limit (1..pageSizeMax, default 20) and after (>= 0, default 0); a parameter
// given more than once is as invalid as a malformed one (url.Values.Get would take the first).
func (s *Service) pageOf(r *http.Request) (limit, after int64, _ *httpapi.Error) {
	limit, after = 20, 0
	query := r.URL.Query()
	for _, name := range []string{"limit", "after"} {
		if len(query[name]) > 1 {
			return 0, 0, httpapi.Invalid(name, "must be given once")
		}
	}
	if query.Has("limit") {
		v, ok := httpapi.IntegerText(query.Get("limit"))
		if pageSizeMax := s.config.PageSizeMax(); !ok || v < 1 || v > pageSizeMax {
			return 0, 0, httpapi.Invalid("limit", "must be an integer from 1 to "+strconv.FormatInt(pageSizeMax, 10))
		}
		limit = v
	}
	if query.Has("after") {
		v, ok := httpapi.IntegerText(query.Get("after"))
		if !ok || v < 0 || v > httpapi.MaxSafeInteger {
			return 0, 0, httpapi.Invalid("after", "must be an integer >= 0")
		}
		after = v
	}
	return limit, after, nil
}

func (s *Service) get(w http.ResponseWriter, r *http.Request) {
	id, ok := httpapi.IntegerText(r.PathValue("id"))
	if !ok || id < 1 || id > httpapi.MaxSafeInteger {
		httpapi.WriteError(w, httpapi.Invalid("id", "must be an integer from 1 to 9007199254740991"))
		return
	}
	var c Customer
	err := s.db.QueryRowContext(r.Context(),
		`SELECT id, name, email, created_at FROM customers WHERE id = ?`, id).Scan(&c.ID, &c.Name, &c.Email, &c.CreatedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		httpapi.WriteError(w, httpapi.NotFound("", "no customer with id "+strconv.FormatInt(id, 10)))
	case err != nil:
		httpapi.Fail(w, r, s.log, err)
	default:
		httpapi.WriteJSON(w, http.StatusOK, c)
	}
}
