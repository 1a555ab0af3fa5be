import SurveyFiles
import Testing

/// Which link addresses only this machine opens, however they are spelt.
@Suite struct LinkAddressTests {
    @Test func loopbackIsRecognisedInEverySpelling() {
        for base in [
            "http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:8080", "http://LOCALHOST.:8080", "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]:8080", "http://2130706433:8080", "http://0x7f000001", "http://0.0.0.0:8080",
        ] {
            #expect(LinkAddress.isLoopback(base), "\(base)")
        }
        for base in ["http://192.168.1.10:8080", "https://survey.example.gov.cn", "http://10.0.0.5"] {
            #expect(!LinkAddress.isLoopback(base), "\(base)")
        }
    }
}
