package flasksession_test

import (
	"fmt"
	"net/http"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/tagjson"
)

// Chain the middleware with others the way alice or chi's Use do: it is a
// plain func(http.Handler) http.Handler, and handlers further in the chain
// (here a "require login" guard) find the session in the context.
func Example_chain() {
	m := flasksession.New("dev-secret")
	m.Now = exampleClock

	requireLogin := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if flasksession.FromContext(r.Context()).GetString("_user_id") == "" {
				http.Error(w, "log in first", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	chain := func(h http.Handler, middlewares ...func(http.Handler) http.Handler) http.Handler {
		for i := len(middlewares) - 1; i >= 0; i-- {
			h = middlewares[i](h)
		}
		return h
	}
	account := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "account of user %s", flasksession.FromContext(r.Context()).GetString("_user_id"))
	})
	h := chain(account, m.Middleware, requireLogin)

	body, _ := exampleDo(h, "")
	fmt.Print(body)
	body, _ = exampleDo(h, exampleFlaskCookie)
	fmt.Println(body)
	// Output:
	// log in first
	// account of user 42
}

// decimalTag mirrors a tag a Flask app registered with
// app.session_interface.serializer.register(TagDecimal): a
// decimal.Decimal written as {" dec": "1.50"}.
type decimalTag struct{}

// Decimal is the Go side of Python's decimal.Decimal, kept as its text.
type Decimal string

func (decimalTag) Key() string                                      { return " dec" }
func (decimalTag) Check(v any) bool                                 { _, ok := v.(Decimal); return ok }
func (decimalTag) ToJSON(_ *tagjson.Serializer, v any) (any, error) { return string(v.(Decimal)), nil }
func (decimalTag) ToGo(_ *tagjson.Serializer, v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("decimal tag holds %T, want a string", v)
	}
	return Decimal(s), nil
}

// Share a session with a Flask app that registered a custom tag: give the
// Manager a serializer with the same tag, and values of that type survive
// the trip in both directions.
func Example_customTag() {
	s := tagjson.NewSerializer()
	if err := s.Register(decimalTag{}, false); err != nil {
		panic(err)
	}
	m := flasksession.New("dev-secret")
	m.Now = exampleClock
	m.Serializer = s

	cookie, err := m.EncodeCookie(map[string]any{"price": Decimal("1.50")})
	if err != nil {
		panic(err)
	}
	values, err := m.DecodeCookie(cookie)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%T %v\n", values["price"], values["price"])
	payload, _ := s.Marshal(values)
	fmt.Println(string(payload))
	// Output:
	// flasksession_test.Decimal 1.50
	// {"price":{" dec":"1.50"}}
}
