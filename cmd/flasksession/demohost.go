package main

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// hostCheck refuses requests whose Host header is not the address the demo
// listens on, when it listens on a loopback address. A web page elsewhere
// can point its own name at 127.0.0.1 (DNS rebinding) and then read the
// demo's pages as same-origin; its requests still carry its own name in
// Host, which is what this catches. Bound to other addresses the demo
// cannot know its names and checks nothing.
func hostCheck(addr net.Addr, next http.Handler) http.Handler {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return next
	}
	port := strconv.Itoa(tcp.Port)
	allowed := map[string]bool{
		net.JoinHostPort(tcp.IP.String(), port): true,
		net.JoinHostPort("localhost", port):     true,
	}
	if tcp.Port == 80 {
		// Browsers leave the default port out of Host.
		allowed[strings.TrimSuffix(net.JoinHostPort(tcp.IP.String(), port), ":80")] = true
		allowed["localhost"] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[strings.ToLower(r.Host)] {
			http.Error(w, "421 misdirected request: this demo answers only to "+net.JoinHostPort(tcp.IP.String(), port)+" and "+net.JoinHostPort("localhost", port), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}
