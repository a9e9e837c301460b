package flasksession

import (
	"fmt"
	"math/big"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/flasksession/flasksession/tagjson"
)

// Keys Flask itself keeps in the session.
const (
	// PermanentKey holds session.permanent (R3.11).
	PermanentKey = "_permanent"
	// FlashesKey holds the list of flashed (category, message) tuples (R4.1).
	FlashesKey = "_flashes"
	// DefaultFlashCategory is flash()'s default category.
	DefaultFlashCategory = "message"
)

// Session is one request's view of Flask's session: a mapping from string
// keys to the Go forms of Python values (see the package documentation for
// the types), plus Flask's modified and accessed flags.
//
// A Session is safe for concurrent use by the goroutines of one request.
// The middleware opens the cookie lazily, on the first call of any method.
//
// As in Flask, every use of the session (any getter, Len, Keys, Permanent,
// Flash, Flashes) marks it accessed, which adds "Vary: Cookie" to the
// response; every write marks it modified, which sends the cookie again.
// Changes inside nested values (appending to a []any stored in the session)
// are not noticed: call MarkModified, or Set the key again.
type Session struct {
	mu sync.Mutex
	st *state        // signing state; st.null for a Manager without secret key
	r  *http.Request // request the cookie is read from and errors are reported with

	loaded    bool
	committed bool // response headers written; later writes are reported
	afterDone bool // the Manager's AfterRequest functions have run
	modified  bool
	accessed  bool
	values    map[string]any
	x         *sessionExtra // state most requests never need; nil until then

	// hdr backs the first Set-Cookie and Vary values a save adds to an
	// empty header, so that those one-element slices cost no allocation of
	// their own (hdrUsed: each is handed out once).
	hdr     [2]string
	hdrUsed [2]bool
	// decoded receives the payload while the cookie is opened (then nil).
	decoded any
}

// headerSlot returns a one-element slice holding v, backed by s.hdr[i]
// the first time.
func (s *Session) headerSlot(i int, v string) []string {
	if s.hdrUsed[i] {
		return []string{v}
	}
	s.hdrUsed[i] = true
	s.hdr[i] = v
	return s.hdr[i : i+1 : i+1]
}

// sessionExtra keeps the Session (and so the middleware's per-request
// allocation) small.
type sessionExtra struct {
	order        []string // insertion order, kept only for a sort_keys=False serializer
	openErr      error    // error met while opening the cookie, if any
	flashesTaken bool     // Flashes called once in this request (R4.2)
	flashes      []Flash
}

func (s *Session) ext() *sessionExtra {
	if s.x == nil {
		s.x = new(sessionExtra)
	}
	return s.x
}

// keyOrder returns the insertion order (nil when not kept).
func (s *Session) keyOrder() []string {
	if s.x == nil {
		return nil
	}
	return s.x.order
}

// Flash is one flashed message.
type Flash struct {
	// Category is the flash category; Flask's default is "message".
	Category string
	// Message is the text of the message.
	Message string
	// Markup reports that the message is a markupsafe.Markup (HTML that
	// templates must not escape), tagjson.Markup in Go.
	Markup bool
}

// newSession returns an empty, loaded session, as Flask's session_class().
func newSession(st *state, r *http.Request) *Session {
	return &Session{st: st, r: r, loaded: true}
}

// lock takes the mutex, opens the cookie if that has not happened yet and
// marks the session accessed. It returns an error to report once the mutex
// is released.
func (s *Session) lock() error {
	s.mu.Lock()
	var err error
	if !s.loaded {
		err = s.loadLocked()
	}
	s.accessed = true
	return err
}

// unlock releases the mutex and reports the errors met while it was held.
func (s *Session) unlock(errs ...error) {
	s.mu.Unlock()
	for _, err := range errs {
		if err != nil {
			s.report(err)
		}
	}
}

// loadLocked reads the session cookie from the request.
func (s *Session) loadLocked() error {
	s.loaded = true
	if s.st == nil || s.st.null || s.r == nil {
		return nil
	}
	raw, ok := findCookie(s.r.Header, s.st.name)
	if !ok || raw == "" {
		return nil
	}
	values, order, err := s.st.codec.decode(raw, s.ordered(), &s.decoded)
	s.decoded = nil
	s.values = values
	if order != nil || err != nil {
		x := s.ext()
		x.order, x.openErr = order, err
	}
	return err
}

func (s *Session) report(err error) {
	if s.st != nil {
		s.st.report(s.r, err)
	}
}

// writable is called with the mutex held before a write. It returns the
// error to report: ErrNoSecretKey (and the write must be dropped) or
// ErrModifiedAfterCommit (the write goes ahead in memory).
func (s *Session) writable() (ok bool, err error) {
	if s.st == nil || s.st.null {
		return false, ErrNoSecretKey
	}
	if s.committed {
		return true, ErrModifiedAfterCommit
	}
	return true, nil
}

// Get returns the value stored under key and whether it was present.
func (s *Session) Get(key string) (any, bool) {
	err := s.lock()
	v, ok := s.values[key]
	s.unlock(err)
	return v, ok
}

// Contains reports whether key is present, as Python's `key in session`.
// Like it (SecureCookieSession marks only item reads and get/setdefault),
// it does not count as a use of the session, so it adds no "Vary: Cookie";
// Flask-WTF's validate_csrf relies on that.
func (s *Session) Contains(key string) bool {
	s.mu.Lock()
	var err error
	if !s.loaded {
		err = s.loadLocked()
	}
	_, ok := s.values[key]
	s.unlock(err)
	return ok
}

// GetString returns the string (or tagjson.Markup) stored under key, or ""
// if there is none.
func (s *Session) GetString(key string) string {
	v, _ := s.Get(key)
	switch v := v.(type) {
	case string:
		return v
	case tagjson.Markup:
		return string(v)
	}
	return ""
}

// GetInt returns the integer stored under key, or 0 if there is none or it
// does not fit in an int64. Python ints decode as int64 (or *big.Int when
// larger); Go integer types set in this request are converted.
func (s *Session) GetInt(key string) int64 {
	v, _ := s.Get(key)
	switch v := v.(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case int16:
		return int64(v)
	case int8:
		return int64(v)
	case uint32:
		return int64(v)
	case uint16:
		return int64(v)
	case uint8:
		return int64(v)
	case uint:
		if uint64(v) <= 1<<63-1 {
			return int64(v)
		}
	case uint64:
		if v <= 1<<63-1 {
			return int64(v)
		}
	case *big.Int:
		if v != nil && v.IsInt64() {
			return v.Int64()
		}
	}
	return 0
}

// GetFloat returns the float stored under key, or 0 if there is none.
// Integers are converted.
func (s *Session) GetFloat(key string) float64 {
	v, _ := s.Get(key)
	switch v := v.(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	case int64:
		return float64(v)
	case int:
		return float64(v)
	}
	return 0
}

// GetBool returns the bool stored under key, or false if there is none or
// the value is not a bool (Python truthiness is not applied).
func (s *Session) GetBool(key string) bool {
	v, _ := s.Get(key)
	b, _ := v.(bool)
	return b
}

// Set stores value under key and marks the session modified, even when the
// value is unchanged (Flask's __setitem__). The value must be one of the
// types tagjson encodes; otherwise saving reports ErrEncode.
func (s *Session) Set(key string, value any) {
	err := s.lock()
	ok, werr := s.writable()
	if ok {
		s.setLocked(key, value)
	}
	s.unlock(err, werr)
}

func (s *Session) setLocked(key string, value any) {
	if s.values == nil {
		s.values = make(map[string]any)
	}
	if s.ordered() {
		if _, present := s.values[key]; !present {
			x := s.ext()
			x.order = append(x.order, key)
		}
	}
	s.values[key] = value
	s.modified = true
}

// ordered reports whether the session keeps insertion order, because the
// Manager's serializer writes keys unsorted (app.json.sort_keys = False).
func (s *Session) ordered() bool {
	return s.st != nil && s.st.codec != nil && s.st.codec.ordered
}

// deleteLocked removes key from the values and the order.
func (s *Session) deleteLocked(key string) {
	delete(s.values, key)
	if s.x == nil {
		return
	}
	for i, k := range s.x.order {
		if k == key {
			s.x.order = append(s.x.order[:i], s.x.order[i+1:]...)
			break
		}
	}
}

// payload is what gets encoded: the map, or for an unsorted serializer
// the members in insertion order.
func (s *Session) payload() any {
	if !s.ordered() {
		return s.values
	}
	order := s.keyOrder()
	o := make(tagjson.Ordered, 0, len(order))
	for _, k := range order {
		o = append(o, tagjson.Member{Key: k, Value: s.values[k]})
	}
	return o
}

// orderedValues returns the values in insertion order (sorted when the
// session keeps no order).
func (s *Session) orderedValues() tagjson.Ordered {
	err := s.lock()
	keys := s.keyOrder()
	if !s.ordered() {
		keys = make([]string, 0, len(s.values))
		for k := range s.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	o := make(tagjson.Ordered, 0, len(keys))
	for _, k := range keys {
		o = append(o, tagjson.Member{Key: k, Value: s.values[k]})
	}
	s.unlock(err)
	return o
}

// SetDefault returns the value stored under key; if there is none it
// stores def, marks the session modified and returns def (Flask's
// setdefault).
func (s *Session) SetDefault(key string, def any) any {
	err := s.lock()
	v, present := s.values[key]
	if present && s.st != nil && !s.st.null {
		s.unlock(err)
		return v
	}
	ok, werr := s.writable()
	if ok {
		s.setLocked(key, def)
	}
	s.unlock(err, werr)
	if !ok {
		return v
	}
	return def
}

// Delete removes key and reports whether it was present. The session is
// marked modified only when it was (deleting a missing key raises KeyError
// in Flask and changes nothing).
func (s *Session) Delete(key string) bool {
	_, ok := s.Pop(key)
	return ok
}

// Pop removes key and returns its value. The session is marked modified
// only when the key was present.
func (s *Session) Pop(key string) (any, bool) {
	err := s.lock()
	ok, werr := s.writable()
	if !ok {
		s.unlock(err, werr)
		return nil, false
	}
	v, present := s.values[key]
	if !present {
		s.unlock(err)
		return nil, false
	}
	s.deleteLocked(key)
	s.modified = true
	s.unlock(err, werr)
	return v, true
}

// Clear removes every key and marks the session modified, even when it was
// already empty; saving then deletes the cookie.
func (s *Session) Clear() {
	err := s.lock()
	ok, werr := s.writable()
	if ok {
		clear(s.values)
		if s.x != nil {
			s.x.order = s.x.order[:0]
		}
		s.modified = true
	}
	s.unlock(err, werr)
}

// Update stores every entry of values and marks the session modified, even
// when values is empty (Flask's update). With a Serializer that keeps
// insertion order (SortKeys false), new keys are added in map order, which
// is random: use Set to control the order.
func (s *Session) Update(values map[string]any) {
	err := s.lock()
	ok, werr := s.writable()
	if ok {
		for k, v := range values {
			s.setLocked(k, v)
		}
		s.modified = true
	}
	s.unlock(err, werr)
}

// Keys returns the keys in sorted order (the order Flask writes them).
func (s *Session) Keys() []string {
	err := s.lock()
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	s.unlock(err)
	sort.Strings(keys)
	return keys
}

// Values returns a shallow copy of the session's mapping.
func (s *Session) Values() map[string]any {
	err := s.lock()
	m := make(map[string]any, len(s.values))
	for k, v := range s.values {
		m[k] = v
	}
	s.unlock(err)
	return m
}

// Len returns the number of keys.
func (s *Session) Len() int {
	err := s.lock()
	n := len(s.values)
	s.unlock(err)
	return n
}

// Permanent reports whether the session is permanent: the truthiness of
// its "_permanent" key, as Python sees it. A permanent session's cookie
// carries Expires (now + Lifetime) and, with RefreshEachRequest, is sent
// again on every request.
func (s *Session) Permanent() bool {
	err := s.lock()
	p := truthy(s.values[PermanentKey])
	s.unlock(err)
	return p
}

// SetPermanent stores "_permanent" as the given bool and marks the session
// modified. As in Flask, SetPermanent(false) stores false rather than
// removing the key, so an empty session gets a cookie {"_permanent":false}.
func (s *Session) SetPermanent(permanent bool) {
	s.Set(PermanentKey, permanent)
}

// Modified reports whether the session will be saved because it was
// written to. Unlike reading session.modified in Flask, it does not mark
// the session accessed.
func (s *Session) Modified() bool {
	s.mu.Lock()
	m := s.modified
	s.mu.Unlock()
	return m
}

// MarkModified marks the session modified so that it is saved, e.g. after
// changing a nested value in place (Flask's session.modified = True).
func (s *Session) MarkModified() {
	err := s.lock()
	ok, werr := s.writable()
	if ok {
		s.modified = true
	}
	s.unlock(err, werr)
}

// Accessed reports whether the session was used in this request (which adds
// "Vary: Cookie" to the response). It does not itself count as a use.
func (s *Session) Accessed() bool {
	s.mu.Lock()
	a := s.accessed
	s.mu.Unlock()
	return a
}

// Err returns the error met when the session cookie was opened (nil when
// there was no cookie or it was valid). It opens the cookie if needed but
// does not count as a use of the session. The error was also given to the
// error hook.
func (s *Session) Err() error {
	s.mu.Lock()
	var err error
	if !s.loaded {
		err = s.loadLocked()
	}
	var e error
	if s.x != nil {
		e = s.x.openErr
	}
	s.mu.Unlock()
	if err != nil {
		s.report(err)
	}
	return e
}

// Flash adds a message for a later request, as Flask's flash(message,
// category); an empty category means "message". It is stored in
// "_flashes" as the tuple (category, message), so Flask's
// get_flashed_messages reads it.
func (s *Session) Flash(message, category string) {
	s.flash(message, category)
}

// FlashMarkup is Flash for a message that is already safe HTML (Flask's
// flash(Markup(...))). It survives the round trip as tagjson.Markup.
func (s *Session) FlashMarkup(message tagjson.Markup, category string) {
	s.flash(message, category)
}

func (s *Session) flash(message any, category string) {
	if category == "" {
		category = DefaultFlashCategory
	}
	err := s.lock()
	ok, werr := s.writable()
	if !ok {
		s.unlock(err, werr)
		return
	}
	var list []any
	switch cur := s.values[FlashesKey].(type) {
	case nil:
	case []any:
		list = make([]any, len(cur), len(cur)+1)
		copy(list, cur)
	default:
		s.unlock(err, fmt.Errorf("flasksession: session key %q holds %T, not a list; flash dropped", FlashesKey, cur))
		return
	}
	list = append(list, tagjson.Tuple{category, message})
	s.setLocked(FlashesKey, list)
	s.unlock(err, werr)
}

// Flashes returns the flashed messages, removing them from the session,
// like Flask's get_flashed_messages(with_categories=True,
// category_filter=categories). With no categories, all are returned; else
// only those whose category equals one of them.
//
// As in Flask, the first call in a request takes the messages out of the
// session and later calls in the same request return that same list again
// (filtered by their own categories), even after new Flash calls; the new
// messages stay in the session for the next request.
func (s *Session) Flashes(categories ...string) []Flash {
	all := s.takeFlashes()
	if len(categories) == 0 {
		return all
	}
	var out []Flash
	for _, f := range all {
		for _, c := range categories {
			if f.Category == c {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// FlashesSubstring is Flashes with Python's behaviour for a filter given as
// one plain string, get_flashed_messages(category_filter="errors"): Python
// tests `category in "errors"`, a substring test, so the categories
// "error", "err" and "s" all match. An empty filter matches everything.
// Prefer Flashes; use this only to reproduce a Flask app exactly.
func (s *Session) FlashesSubstring(filter string) []Flash {
	all := s.takeFlashes()
	if filter == "" {
		return all
	}
	var out []Flash
	for _, f := range all {
		if strings.Contains(filter, f.Category) {
			out = append(out, f)
		}
	}
	return out
}

// takeFlashes implements the first-call pop and the per-request cache.
func (s *Session) takeFlashes() []Flash {
	err := s.lock()
	x := s.ext()
	if x.flashesTaken {
		out := append([]Flash(nil), x.flashes...)
		s.unlock(err)
		return out
	}
	x.flashesTaken = true
	var werr error
	if raw, present := s.values[FlashesKey]; present && s.st != nil && !s.st.null {
		if s.committed {
			werr = ErrModifiedAfterCommit
		}
		s.deleteLocked(FlashesKey)
		s.modified = true
		x.flashes = toFlashes(raw)
	}
	out := append([]Flash(nil), x.flashes...)
	s.unlock(err, werr)
	return out
}

// toFlashes converts Flask's list of (category, message) tuples. Entries of
// another shape are kept as well as they can be.
func toFlashes(raw any) []Flash {
	list, ok := raw.([]any)
	if !ok {
		return nil
	}
	out := make([]Flash, 0, len(list))
	for _, e := range list {
		var pair []any
		switch e := e.(type) {
		case tagjson.Tuple:
			pair = e
		case []any:
			pair = e
		}
		if len(pair) != 2 {
			out = append(out, Flash{Message: fmt.Sprint(e)})
			continue
		}
		f := Flash{}
		switch c := pair[0].(type) {
		case string:
			f.Category = c
		case tagjson.Markup:
			f.Category = string(c)
		default:
			f.Category = fmt.Sprint(c)
		}
		switch m := pair[1].(type) {
		case string:
			f.Message = m
		case tagjson.Markup:
			f.Message, f.Markup = string(m), true
		default:
			f.Message = fmt.Sprint(m)
		}
		out = append(out, f)
	}
	return out
}

// truthy is Python's bool(v) for the decoded types.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case int64:
		return v != 0
	case int:
		return v != 0
	case float64:
		return v != 0
	case string:
		return v != ""
	case tagjson.Markup:
		return v != ""
	case []byte:
		return len(v) != 0
	case []any:
		return len(v) != 0
	case tagjson.Tuple:
		return len(v) != 0
	case map[string]any:
		return len(v) != 0
	case *big.Int:
		return v != nil && v.Sign() != 0
	}
	// Other Go kinds a handler may store (uint8, int32, float32, []string,
	// map[string]string ...) are truthy as the Python value they encode to.
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0
	case reflect.Bool:
		return rv.Bool()
	case reflect.String, reflect.Slice, reflect.Map:
		return rv.Len() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil() && truthy(rv.Elem().Interface())
	}
	return true
}
