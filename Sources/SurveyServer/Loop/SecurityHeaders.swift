import CLws
import LwsSupport

/// The headers lws adds to every HTTP response: a strict Content-Security-Policy (no inline script,
/// no outside resources) and the usual hardening headers. Kept alive for the context's lifetime.
final class SecurityHeaders {
    static let values: [(String, String)] = [
        (
            "content-security-policy:",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        ("x-content-type-options:", "nosniff"),
        ("x-frame-options:", "DENY"),
        ("referrer-policy:", "no-referrer"),
        ("permissions-policy:", "camera=(), microphone=(), geolocation=()"),
    ]

    private let nodes: UnsafeMutablePointer<lws_protocol_vhost_options>

    init(strings: CStrings) {
        nodes = .allocate(capacity: Self.values.count)
        nodes.initialize(repeating: lws_protocol_vhost_options(), count: Self.values.count)
        for (index, (name, value)) in Self.values.enumerated() {
            nodes[index].name = strings.keep(name)
            nodes[index].value = strings.keep(value)
            nodes[index].next = index + 1 < Self.values.count ? UnsafePointer(nodes + index + 1) : nil
        }
    }

    /// The head of the linked list for `lws_context_creation_info.headers`.
    var list: UnsafePointer<lws_protocol_vhost_options> { UnsafePointer(nodes) }

    func deallocate() { nodes.deallocate() }
}
