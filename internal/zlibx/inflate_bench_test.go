package zlibx

import (
	"encoding/base64"
	"strings"
	"testing"
)

// flaskStreams are the zlib payloads of the bench module's Flask cookies
// (bench/fixtures), as Flask compressed them.
var flaskStreams = []struct {
	name string
	b64  string
}{
	{"SMALL", "" + // 179 bytes, inflating to 242
		"eJw9jkFqxTAMBe/idReWrMj2v0yQpWdaStOS5K9K715DoZu3eAzDfKd9nrhe0+M+" +
		"n3hJ+1ukR2qwJkahngdj9kbSZStVGw2ao1Dj0ZhzkFpkNnOVwpkYTmZg6qgduYp7" +
		"a9U3jeLDlQq7Zq0bSvhQCRQFjA0LG0OizI16iy2tkC+cH3bguP/TnhfOvz7hRfh1" +
		"zv3+fMexHrQgmUxLZsVGn4aMoJnXFq0EyiJSa/r5BUsVRqE="},
	{"MEDIUM", "" + // 374 bytes, inflating to 518
		"eJxVkVtrGzEQhf+K0LNJdb8sIdCnPqVPgVKKMSNpZC+xtc5qN24J+987prTQFwmN" +
		"znfmjPTBD/UM/YSdDz8+OFto4xfsHY7Id/wbnvN0QZYgv+7Y5wIPfL/t/urGVicS" +
		"fZ9WdoJ3ZJo1vLE2LWMdMyzj1Pp/+hvMbWxHfi9c+HAHZ3aF3m/TXBj+vI4zdjY2" +
		"9pieLCvwqz9+Sk8PfNtv+x0FpdsTH5Z5RTqNhRwCQjAgi8siKawxSBON1d4FmWRN" +
		"WgaVglKiSAdFKIDsjFZCKswSAJWM6CMKb3IOwWfris4pO6lVdsJ5i7rk5ExB7RBB" +
		"AZIsJVN0tTKGYmn6wxXnCzRsy79oa8f5Tz6jSJH7XA/L9IqNKhiKNFVJMgMNKVZA" +
		"gUVWQat2XqIUxhjviaN/WQ7n6TgSRy9293shfyYN+zq9MyWUZkoOwg4isi/PL3zb" +
		"8RnfViTs3p2YlZgoa7Ra03TViqRrSV5EDaoanzBYzbftN1Zom2g="},
	{"LARGE", "" + // 1228 bytes, inflating to 2654
		"eJxFVt2KnTcMfJe9LkQ/tiXnVUoJtiSTUJqE3c1FKX33ajnW6cUu6NifLI1mxv7n" +
		"5ct5jbevL5/fX3/Fby9fvvnL5xeNpW2hD4NNcaZim62zDMWNZzMqbSUCx7EcaC0b" +
		"jQmQwnCtIJwhM0CamapYH862bSCTDRjSg932aB48IhatyG17N+fTcar3lyzkZ7z+" +
		"tb7H9/dnab/e4vVRX6PcYW+v58v7jz/je/4S6tgOYSZbvPY8KyAcD+R/HoKB0FoT" +
		"ye++fnt7//H698vn318+/fw00JUNxFouZbxt6zJu7TxixKDsXXt/xG2s7WDR542n" +
		"+BhMqo94TI2Tpch6xEuNsi0YN3+jPokHTrqxnazdpo5HTHMO0+G6H7FO5B591f4c" +
		"hXOCP+5+aLpgDHd7xDmssdYUqhiyXtZZ/enBswT7uvW6ZUbCHl7xXKcBB9z82Qtv" +
		"IYZaXycG7Lj9056W49ty81HmC1EmecTSdnbfGvEjNpGs3Q/GxVf6kE3ULr5moNin" +
		"wMV/cH7h3ejmt314ie1W+YfMNizne/s9Ed4UBR/x3Ns3MyFVLHv4aHjzTfBx/IQX" +
		"nhOpneRDnXdgmgyHW68n/CGJyo2BDEl3r/qTczFn6mBU/UMVNsOdx+pt+B4q9/um" +
		"1H32Tre+rSOlMBbf/Q4uRkP89rPElyxyu/0ibZ9jaLvzHak20CZ68aNDrECDZ+23" +
		"Q7DtXH5SU4jR27zzGQjoyMJ3PdVjG5qUHvJ0WIRY+VPQeFif9QBs15it5gfULDgx" +
		"uf3shDr5sUfNC4P33rPWfWhyM7h56c3TIbJ+rnlxisviQPUHrc8WcPGeMs/WDqUf" +
		"yAIaSTpN6SW1JimBu35Wk5NnDq9+cu/Z2y6/1mjqe3e/55+do2CN0hOlfE8I1fmN" +
		"Z8SHZO48xaFFh7CL/0onHd1H8SmRSLR6/t35RNoqpW/e/pYHaBpl6RMybnsT3HyS" +
		"5E7MpUvhOzL3TFe5cSzADk/9plSSHd6L74dTsB0Wlt8I2PQup/SDaY4cuHf5E6dd" +
		"9l3+Z7GY0rXh9ot+VFNR856XozxwPlzi4nNamwfY7vnrw687Alz9qHIHS4324g+S" +
		"f5h66SvRBZxYfpvUMty2xu3XKFhkJoLFH2nc+2o3xilIwL30fRDdOytdvvZGK++1" +
		"XXra6c5wNiypectMslLxN2cp0LmvVfzK+mN61QMACsvzlNtfeiW39fSbvinNamVJ" +
		"N14msBvoxTdLy7txnPKr1k8eP7Dffpgna/O8nWtendRgFt+tZzrNqTz93SU7BHju" +
		"N2tzN7v1h+A6M7jwTWH1mdc1XvzTHnqHw630thrZzCuy/ALDl7XnfHVN+Ljp98Vv" +
		"nDRLin3Kj3j7kXR5qHy20uBmL3/qKU2C9vSHdLZk+//+JaHhe63nfQucdqrj7rcP" +
		"dtlgvedzPmVQmQu/I8wy+6E7L+Jcyy3Fj45ucg7P6s9m0oHyjVP3c7Jx53PAi4+J" +
		"bcfdb74+aOQFGP3qgyMvOPl4JNx1zfdG732XP1HehSm38os8a5yT8rr1oxFapOKK" +
		"zxJT88rW8ge13N9Nyp+sGQx1asW3lLImhnf/aSctg2AVX9cOzCdflL52UPrPbjeW" +
		"PtHzVXi4/CuHOfBg1UfD8o0TyZc//v0PGmGcMQ=="},
}

// BenchmarkDecompressFlask inflates Flask's session payloads the way
// itsdangerous does: into a buffer reused from the previous call, with
// the default limit.
func BenchmarkDecompressFlask(b *testing.B) {
	for _, s := range flaskStreams {
		z, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s.b64))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			var buf []byte
			buf, err := AppendDecompress(buf, z, 64<<10)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf, err = AppendDecompress(buf[:0], z, 64<<10)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
