package flaskapp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/cookiejar"

	"github.com/flasksession/flasksession/internal/flaskapp"
)

// Start the app under /flask, log in, and read the session back with its
// Python types. (Not run by go test: it needs python3 with Flask; the
// package's tests do the same through internal/interop.)
func ExampleStart() {
	srv, err := flaskapp.Start(context.Background(), "python3", flaskapp.Config{
		SecretKey: "change me",
		Prefix:    "/flask",
		PeerURL:   "/",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	login, err := client.Post(srv.URL+"/login?user=alice", "", nil)
	if err != nil {
		log.Fatal(err)
	}
	login.Body.Close()
	resp, err := client.Get(srv.URL + "/dump")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var dump struct{ Values flaskapp.Session }
	if err := json.NewDecoder(resp.Body).Decode(&dump); err != nil {
		log.Fatal(err)
	}
	fmt.Println(dump.Values["_user_id"]["t"], dump.Values["_user_id"]["v"])
	// A reverse proxy to "http://"+srv.Addr mounts the app at /flask/ on
	// another origin; the cookie (Path=/) is shared with the Go side.
}

// Describe Go session values as the Python values Flask will see.
func ExampleDescribe() {
	b, _ := json.Marshal(flaskapp.Describe(map[string]any{"scores": []any{1.0, 2}}))
	fmt.Println(string(b))
	// Output: {"scores":{"items":[{"t":"float","v":"1.0"},{"t":"int","v":"2"}],"t":"list"}}
}
