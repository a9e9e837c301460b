package tagjson_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/pydesc"
	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/internal/vectors"
	"github.com/flasksession/flasksession/tagjson"
)

// toGo converts a typed descriptor into the Go value a handler would store.
// ordered makes dicts Ordered (for apps with sort_keys False).
func toGo(t testing.TB, d json.RawMessage, ordered bool) any {
	t.Helper()
	v, err := pydesc.FromJSON(d, pydesc.Options{Ordered: ordered})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// loadRepr decodes data keeping source order, as Python's dicts do, and
// returns Python's repr of the result.
func loadRepr(t testing.TB, s *tagjson.Serializer, data string) string {
	t.Helper()
	o := *s
	o.PreserveOrder = true
	var v any
	if err := o.Unmarshal([]byte(data), &v); err != nil {
		t.Fatalf("tagjson.Unmarshal(%s): %v", data, err)
	}
	return repr(v)
}

func repr(v any) string { return pyrepr.Repr(v) }

func TestVectorsTaggedJSON(t *testing.T) {
	for _, v := range vectors.Load(t).TaggedJSON {
		t.Run(v.Name, func(t *testing.T) {
			s := tagjson.NewSerializer()
			if strings.HasPrefix(v.Name, "OUTSIDE app context") {
				s.SortKeys = false // plain json.dumps: ensure_ascii but unsorted
			}
			if v.Value != nil {
				goVal := toGo(t, v.Value, !s.SortKeys)
				got, err := s.Marshal(goVal)
				switch {
				case v.Error != nil:
					if !errors.Is(err, tagjson.ErrUnsupported) {
						t.Fatalf("Marshal = %s, %v; want tagjson.ErrUnsupported (Python: %s: %s)", got, err, v.Error.Class, v.Error.Message)
					}
					return
				case err != nil:
					t.Fatalf("Marshal: %v", err)
				case string(got) != *v.TaggedJSON:
					t.Fatalf("Marshal:\n got %s\nwant %s", got, *v.TaggedJSON)
				}
			} else if v.Error != nil {
				// The generator describes these only by their repr: build
				// the Go counterparts (a set has none; a chan stands in).
				var goVal any
				switch v.Name {
				case "set is not serializable":
					goVal = map[string]any{"s": make(chan int)}
				case "mixed int/str keys cannot be sorted":
					goVal = map[any]any{int64(1): "a", "b": int64(2)}
				default:
					t.Fatalf("error vector %q has no Go counterpart", v.Name)
				}
				if got, err := s.Marshal(goVal); !errors.Is(err, tagjson.ErrUnsupported) {
					t.Fatalf("Marshal = %s, %v; want tagjson.ErrUnsupported (Python: %s)", got, err, v.Error.Class)
				}
				return
			}
			if v.TaggedJSON == nil {
				return
			}
			// Decode Flask's bytes and re-encode: byte-identical.
			s.PreserveOrder = !s.SortKeys
			var back any
			if err := s.Unmarshal([]byte(*v.TaggedJSON), &back); err != nil {
				t.Fatalf("tagjson.Unmarshal(%s): %v", *v.TaggedJSON, err)
			}
			again, err := s.Marshal(back)
			if err != nil {
				t.Fatalf("re-Marshal: %v", err)
			}
			// Flask's own round trip changes some values (int keys become
			// strings, naive datetimes become aware): compare bytes only
			// where Flask's is lossless.
			if string(again) != *v.TaggedJSON && (v.RoundtripEqual == nil || *v.RoundtripEqual) {
				t.Fatalf("decode+encode:\n got %s\nwant %s", again, *v.TaggedJSON)
			}
			if v.LoadsRepr != nil {
				if got := loadRepr(t, s, *v.TaggedJSON); got != *v.LoadsRepr {
					t.Fatalf("loaded value:\n got %s\nwant %s", got, *v.LoadsRepr)
				}
			}
		})
	}
}

func TestVectorsTaggedJSONLoads(t *testing.T) {
	for _, v := range vectors.Load(t).TaggedJSONLoads {
		t.Run(v.JSON, func(t *testing.T) {
			var got any
			err := tagjson.Unmarshal([]byte(v.JSON), &got)
			if v.Error != nil {
				if !errors.Is(err, tagjson.ErrTagValue) {
					t.Fatalf("Unmarshal = %s, %v; want tagjson.ErrTagValue (Python raises %s)", repr(got), err, v.Error.Class)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if r := loadRepr(t, tagjson.NewSerializer(), v.JSON); r != *v.LoadsRepr {
				t.Fatalf("loaded:\n got %s\nwant %s", r, *v.LoadsRepr)
			}
		})
	}
}

func TestVectorsSessions(t *testing.T) {
	for _, v := range vectors.Load(t).Sessions {
		t.Run(v.Name, func(t *testing.T) {
			s := tagjson.NewSerializer()
			if o, ok := v.JSONOverrides["sort_keys"]; ok {
				s.SortKeys = o
			}
			if o, ok := v.JSONOverrides["ensure_ascii"]; ok {
				s.EnsureASCII = o
			}
			got, err := s.Marshal(toGo(t, v.Session, !s.SortKeys))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != v.JSON {
				t.Fatalf("Marshal:\n got %s\nwant %s", got, v.JSON)
			}
			s.PreserveOrder = !s.SortKeys
			var back any
			if err := s.Unmarshal([]byte(v.JSON), &back); err != nil {
				t.Fatal(err)
			}
			again, err := s.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != v.JSON && v.RoundtripLossless {
				t.Fatalf("decode+encode:\n got %s\nwant %s", again, v.JSON)
			}
			if r := loadRepr(t, s, v.JSON); r != v.LoadedRepr {
				t.Fatalf("loaded:\n got %s\nwant %s", r, v.LoadedRepr)
			}
		})
	}
}
