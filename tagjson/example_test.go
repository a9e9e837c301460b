package tagjson_test

import (
	"fmt"
	"time"

	"github.com/flasksession/flasksession/tagjson"
)

// A Flask-Login session, written exactly as Flask writes it.
func Example() {
	session := map[string]any{
		"_user_id":   "42",
		"_fresh":     true,
		"_permanent": true,
		"visits":     int64(3),
		"ratio":      1.0,
	}
	b, err := tagjson.Marshal(session)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))

	var back map[string]any
	if err := tagjson.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%T %T\n", back["visits"], back["ratio"])
	// Output:
	// {"_fresh":true,"_permanent":true,"_user_id":"42","ratio":1.0,"visits":3}
	// int64 float64
}

// Flask stores flashed messages as tuples.
func ExampleTuple() {
	b, _ := tagjson.Marshal(map[string]any{"_flashes": []any{tagjson.Tuple{"message", "Saved"}}})
	fmt.Println(string(b))

	var v map[string]any
	_ = tagjson.Unmarshal(b, &v)
	fmt.Printf("%#v\n", v["_flashes"].([]any)[0])
	// Output:
	// {"_flashes":[{" t":["message","Saved"]}]}
	// tagjson.Tuple{"message", "Saved"}
}

func ExampleMarkup() {
	b, _ := tagjson.Marshal(tagjson.Markup("<em>hi</em> & bye"))
	fmt.Println(string(b))
	// Output: {" m":"<em>hi</em> & bye"}
}

func ExampleUUID() {
	u, _ := tagjson.ParseUUID("urn:uuid:12345678-1234-5678-1234-567812345678")
	b, _ := tagjson.Marshal(u)
	fmt.Println(string(b))

	var v any
	_ = tagjson.Unmarshal(b, &v)
	fmt.Println(v)
	// Output:
	// {" u":"12345678123456781234567812345678"}
	// 12345678-1234-5678-1234-567812345678
}

// []byte is Python bytes, written as standard base64.
func Example_bytes() {
	b, _ := tagjson.Marshal([]byte{0, 255, ' ', 'h', 'i'})
	fmt.Println(string(b))
	// Output: {" b":"AP8gaGk="}
}

// time.Time is a Python datetime, written as an HTTP date in UTC; an offset
// read from Flask is kept as a fixed zone.
func Example_datetime() {
	t := time.Date(2024, 1, 2, 3, 4, 5, 678, time.FixedZone("CET", 3600))
	b, _ := tagjson.Marshal(t)
	fmt.Println(string(b))

	var v any
	_ = tagjson.Unmarshal([]byte(`{" d":"Tue, 02 Jan 2024 03:04:05 +0100"}`), &v)
	fmt.Println(v.(time.Time).Format(time.RFC3339))
	// Output:
	// {" d":"Tue, 02 Jan 2024 02:04:05 GMT"}
	// 2024-01-02T03:04:05+01:00
}

// A one-key dict whose key looks like a tag is escaped with " di".
func Example_dictEscape() {
	b, _ := tagjson.Marshal(map[string]any{" t": "not a tuple"})
	fmt.Println(string(b))

	var v map[string]any
	_ = tagjson.Unmarshal(b, &v)
	fmt.Printf("%q\n", v)
	// Output:
	// {" di":{" t__":"not a tuple"}}
	// map[" t":"not a tuple"]
}

// For a Flask app with app.json.sort_keys = False and ensure_ascii = False.
func ExampleOrdered() {
	s := tagjson.NewSerializer()
	s.SortKeys, s.EnsureASCII, s.PreserveOrder = false, false, true
	b, _ := s.Marshal(tagjson.Ordered{{Key: "b", Value: "é"}, {Key: "a", Value: int64(1)}})
	fmt.Println(string(b))

	var v any
	_ = s.Unmarshal(b, &v)
	again, _ := s.Marshal(v)
	fmt.Println(string(again))
	// Output:
	// {"b":"é","a":1}
	// {"b":"é","a":1}
}

// orderedDict is Flask's documentation example of a custom tag: an ordered
// dict written as a list of [key, value] pairs under the key " od".
type orderedDict struct{}

func (orderedDict) Key() string { return " od" }

func (orderedDict) Check(v any) bool {
	_, ok := v.(tagjson.Ordered)
	return ok
}

func (orderedDict) ToJSON(s *tagjson.Serializer, v any) (any, error) {
	var pairs []any
	for _, m := range v.(tagjson.Ordered) {
		tagged, err := s.Tag(m.Value)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, []any{m.Key, tagged})
	}
	return pairs, nil
}

func (orderedDict) ToGo(_ *tagjson.Serializer, v any) (any, error) {
	pairs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of pairs")
	}
	var o tagjson.Ordered
	for _, p := range pairs {
		kv, ok := p.([]any)
		if !ok || len(kv) != 2 {
			return nil, fmt.Errorf("want [key, value]")
		}
		k, ok := kv[0].(string)
		if !ok {
			return nil, fmt.Errorf("want a string key")
		}
		o = append(o, tagjson.Member{Key: k, Value: kv[1]})
	}
	return o, nil
}

// A custom tag, registered first as in Flask's docs (index=0), since it must
// be checked before the plain dict handling.
func ExampleSerializer_RegisterAt() {
	s := tagjson.NewSerializer()
	if err := s.RegisterAt(orderedDict{}, false, 0); err != nil {
		panic(err)
	}
	b, _ := s.Marshal(map[string]any{"cart": tagjson.Ordered{{Key: "z", Value: tagjson.Tuple{1}}, {Key: "a", Value: 2}}})
	fmt.Println(string(b))

	var v map[string]any
	_ = s.Unmarshal(b, &v)
	fmt.Printf("%v\n", v["cart"])
	// Output:
	// {"cart":{" od":[["z",{" t":[1]}],["a",2]]}}
	// [{z [1]} {a 2}]
}
