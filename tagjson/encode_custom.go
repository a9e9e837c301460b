package tagjson

import (
	"strconv"
	"time"
)

// valueOrdered applies a customised tag order: the first tag whose check
// matches wins, as in Flask's TaggedJSONSerializer.tag.
func (e *encoder) valueOrdered(v any) error {
	var cv any
	var cerr error
	converted := false
	for _, t := range e.s.tagOrder() {
		bt, ok := t.(*builtinTag)
		if !ok {
			if !t.Check(v) {
				continue
			}
			out, err := t.ToJSON(e.s, v)
			if err != nil {
				return &pathErr{typ: typeName(v), msg: "tag " + strconv.Quote(t.Key()) + ": " + err.Error(), err: err}
			}
			if err := e.open('{'); err != nil {
				return err
			}
			e.buf = appendString(e.buf, t.Key(), e.ensureASCII)
			e.buf = append(e.buf, ':')
			if err := e.raw(out); err != nil {
				return err
			}
			e.close('}')
			return nil
		}
		if !converted {
			// A value with no canonical form matches no default tag, but a
			// custom tag later in the order may still take it.
			cv, cerr = canonical(v)
			converted = true
		}
		if cerr != nil || !bt.checkCanonical(e.s, cv) {
			continue
		}
		switch bt.kind {
		case kindDict:
			k, val := singleMember(cv)
			return e.diEscape(k, val)
		case kindPassDict:
			switch x := cv.(type) {
			case map[string]any:
				return e.mapPlain(x)
			case Ordered:
				return e.orderedPlain(x)
			case presorted:
				return e.members(x, true)
			}
		case kindTuple:
			return e.tuple(cv.(Tuple))
		case kindPassList:
			return e.list(cv.([]any), true)
		case kindBytes:
			return e.bytesTag(cv.([]byte))
		case kindMarkup:
			x := cv.(Markup)
			return e.tagged(" m", func() { e.buf = appendString(e.buf, string(x), e.ensureASCII) })
		case kindUUID:
			x := cv.(UUID)
			return e.tagged(" u", func() { e.buf = appendUUIDHex(e.buf, x) })
		case kindDateTime:
			return e.timeTag(cv.(time.Time))
		}
	}
	if !converted {
		cv, cerr = canonical(v)
	}
	if cerr != nil {
		return cerr
	}
	// No tag matched: a scalar, or a value Flask would hand to its JSON
	// provider's default hook.
	switch x := cv.(type) {
	case plainJSON:
		return e.raw(x.v)
	case presorted:
		return e.members(x, true)
	}
	return e.raw(cv)
}

// mapPlain writes a dict after PassDict (no " di" check: an earlier tag in
// the order already declined it).
func (e *encoder) mapPlain(m map[string]any) error {
	if m == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	base := len(e.kvs)
	for k, v := range m {
		e.kvs = append(e.kvs, Member{k, v})
	}
	members := e.kvs[base:]
	sortMembers(members)
	err := e.members(members, true)
	clear(e.kvs[base:])
	e.kvs = e.kvs[:base]
	return err
}

func (e *encoder) orderedPlain(o Ordered) error {
	if len(o) == 1 {
		return e.members(o, true)
	}
	// Skip the " di" check of ordered() by making it see more than one key
	// only when needed: ordered() checks len 1 first.
	return e.ordered(o, true)
}

func singleMember(v any) (string, any) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			return k, val
		}
	case Ordered:
		return x[0].Key, x[0].Value
	}
	return "", nil
}
