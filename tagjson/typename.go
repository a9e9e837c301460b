package tagjson

// TypeName returns the name of the Python type a decoded session value
// stands for, as type(value).__name__ prints it in Flask: "NoneType",
// "bool", "int", "float", "str", "Markup", "list", "tuple", "dict",
// "bytes", "UUID" or "datetime". Other Go values give their Go type.
func TypeName(v any) string { return pyTypeName(v) }
