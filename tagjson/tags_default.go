package tagjson

import (
	"time"
)

// The methods below make Flask's default tags usable through the Tag
// interface (Serializer.Tags, custom orders). The encoder and decoder do not
// call them for the default tags; they handle those directly.

// Check reports whether the default tag applies to v, as Flask's check does
// for the corresponding Python type. For the " di" tag it consults the
// default tag keys; a Serializer consults its own registrations.
func (t *builtinTag) Check(v any) bool {
	cv, err := canonical(v)
	if err != nil {
		return false
	}
	return t.checkCanonical(std, cv)
}

// checkCanonical is Check on a value already converted by canonical.
func (t *builtinTag) checkCanonical(s *Serializer, v any) bool {
	switch t.kind {
	case kindDict:
		switch x := v.(type) {
		case map[string]any:
			if len(x) != 1 {
				return false
			}
			for k := range x {
				return s.lookup(k) != nil
			}
		case Ordered:
			return len(x) == 1 && s.lookup(x[0].Key) != nil
		}
		return false
	case kindPassDict:
		switch v.(type) {
		case map[string]any, Ordered, presorted:
			return true
		}
		return false
	case kindTuple:
		_, ok := v.(Tuple)
		return ok
	case kindPassList:
		_, ok := v.([]any)
		return ok
	case kindBytes:
		_, ok := v.([]byte)
		return ok
	case kindMarkup:
		_, ok := v.(Markup)
		return ok
	case kindUUID:
		_, ok := v.(UUID)
		return ok
	case kindDateTime:
		_, ok := v.(time.Time)
		return ok
	}
	return false
}

// ToJSON returns the default tag's JSON form of v (without the wrapping
// {key: ...} object), as plain JSON values.
func (t *builtinTag) ToJSON(s *Serializer, v any) (any, error) {
	if s == nil {
		s = std
	}
	full, err := s.Tag(v)
	if err != nil {
		return nil, err
	}
	if t.key == "" {
		return full, nil
	}
	switch x := full.(type) {
	case map[string]any:
		return x[t.key], nil
	case Ordered:
		if len(x) == 1 {
			return x[0].Value, nil
		}
	}
	return full, nil
}

// ToGo converts the value under the tag back, as Flask's to_python does.
// Maps are taken in sorted key order where Flask would use insertion order.
func (t *builtinTag) ToGo(s *Serializer, v any) (any, error) {
	var keys []string
	switch x := v.(type) {
	case map[string]any:
		keys = sortedKeys(x)
	case Ordered:
		for _, m := range x {
			keys = append(keys, m.Key)
		}
	}
	return untagBuiltin(t.kind, t.key, v, keys)
}
