module github.com/flasksession/flasksession/bench

go 1.24

replace github.com/flasksession/flasksession => ../

require (
	github.com/flasksession/flasksession v0.0.0-00010101000000-000000000000
	github.com/go-chi/chi/v5 v5.5.0
	github.com/google/go-cmp v0.7.0
	github.com/gorilla/sessions v1.4.0
	github.com/justinas/alice v1.2.0
)

require github.com/gorilla/securecookie v1.1.2
