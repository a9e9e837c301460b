package tagjson

import (
	"fmt"
	"slices"
)

// Tag is one entry of a Serializer's tag list, the Go form of Flask's
// JSONTag. On the way out, the first tag in order whose Check reports true
// converts the value; on the way in, a one-key object whose key equals a
// registered tag's Key is replaced by that tag's ToGo result.
type Tag interface {
	// Key is the tag written as the only key of the wrapping object, such
	// as " od". An empty key means the tag only rewrites values on the way
	// out and is never looked up on the way in.
	Key() string
	// Check reports whether this tag handles the Go value v.
	Check(v any) bool
	// ToJSON converts v into plain JSON values (nil, bool, string, numbers,
	// []any, map[string]any, Ordered). The result is written as it is, not
	// tagged again, as in Flask; call Serializer.Tag on nested values that
	// may need tags of their own. The Serializer writes {Key(): result}.
	ToJSON(s *Serializer, v any) (any, error)
	// ToGo converts the value found under the tag (already decoded, with
	// its own nested tags already resolved) back into a Go value. An error
	// makes Unmarshal fail, as Flask fails to load such a session.
	ToGo(s *Serializer, v any) (any, error)
}

type tagKind uint8

const (
	kindDict tagKind = iota + 1 // " di"
	kindPassDict
	kindTuple // " t"
	kindPassList
	kindBytes    // " b"
	kindMarkup   // " m"
	kindUUID     // " u"
	kindDateTime // " d"
)

// builtinTag is one of Flask's default tags. The encoder and decoder
// recognise these and handle them without going through the interface.
type builtinTag struct {
	kind tagKind
	key  string
}

var (
	tagDict     = &builtinTag{kindDict, " di"}
	tagPassDict = &builtinTag{kindPassDict, ""}
	tagTuple    = &builtinTag{kindTuple, " t"}
	tagPassList = &builtinTag{kindPassList, ""}
	tagBytes    = &builtinTag{kindBytes, " b"}
	tagMarkup   = &builtinTag{kindMarkup, " m"}
	tagUUID     = &builtinTag{kindUUID, " u"}
	tagDateTime = &builtinTag{kindDateTime, " d"}

	// defaultOrder is Flask's TaggedJSONSerializer.default_tags
	// (flask/json/tag.py).
	defaultOrder = []Tag{tagDict, tagPassDict, tagTuple, tagPassList, tagBytes, tagMarkup, tagUUID, tagDateTime}
	defaultTags  = map[string]Tag{" di": tagDict, " t": tagTuple, " b": tagBytes, " m": tagMarkup, " u": tagUUID, " d": tagDateTime}
)

func (t *builtinTag) Key() string { return t.key }

func (t *builtinTag) String() string {
	switch t.kind {
	case kindPassDict:
		return "tagjson.PassDict"
	case kindPassList:
		return "tagjson.PassList"
	}
	return fmt.Sprintf("tagjson.Tag(%q)", t.key)
}

// Register adds a tag at the end of the order, like Flask's
// serializer.register(tag_class, force). If the key is non-empty and already
// registered, it fails with ErrTagRegistered unless force is set; with force
// the key now resolves to the new tag while the old one stays in the order.
// Register must not be called while the Serializer is in use.
func (s *Serializer) Register(t Tag, force bool) error {
	return s.register(t, force, 0, false)
}

// RegisterAt is Register with Flask's index argument: the tag is inserted
// into the order at index with Python's list.insert rules (negative indexes
// count from the end, out-of-range indexes clamp), so index 0 puts it before
// every default tag.
func (s *Serializer) RegisterAt(t Tag, force bool, index int) error {
	return s.register(t, force, index, true)
}

func (s *Serializer) register(t Tag, force bool, index int, insert bool) error {
	if t == nil {
		return fmt.Errorf("tagjson: Register of a nil Tag")
	}
	s.own()
	if key := t.Key(); key != "" {
		if _, dup := s.tags[key]; dup && !force {
			return fmt.Errorf("%w: %q", ErrTagRegistered, key)
		}
		s.tags[key] = t
	}
	if !insert {
		s.order = append(s.order, t)
	} else {
		n := len(s.order)
		if index < 0 {
			index += n
			if index < 0 {
				index = 0
			}
		}
		if index > n {
			index = n
		}
		s.order = slices.Insert(s.order, index, t)
	}
	s.custom = true
	return nil
}

// own gives the Serializer private copies of the tag tables before a change.
func (s *Serializer) own() {
	if s.owner == s {
		return
	}
	order := s.order
	if order == nil {
		order = defaultOrder
	}
	tags := s.tags
	if tags == nil {
		tags = defaultTags
	}
	s.order = slices.Clone(order)
	s.tags = make(map[string]Tag, len(tags)+1)
	for k, v := range tags {
		s.tags[k] = v
	}
	s.owner = s // a copy of the Serializer clones again before changing
}

// Tags returns the tag order, first checked first (a copy).
func (s *Serializer) Tags() []Tag {
	if s.order == nil {
		return slices.Clone(defaultOrder)
	}
	return slices.Clone(s.order)
}

// lookup returns the tag registered under key.
func (s *Serializer) lookup(key string) Tag {
	if s.tags == nil {
		if len(key) < 2 || key[0] != ' ' {
			return nil
		}
		return defaultTags[key]
	}
	return s.tags[key]
}

func (s *Serializer) tagOrder() []Tag {
	if s.order == nil {
		return defaultOrder
	}
	return s.order
}
