import Foundation

/// The address links are built on: what a phone on the office network opens (`serve --public-url`).
public enum LinkAddress {
    /// `text` as a link base (`http://10.0.0.5:8080`, or with a path prefix behind a proxy), without
    /// a trailing slash; or why it is not one, in Chinese.
    public static func parse(_ text: String) -> Result<String, LinkAddressError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil, components.user == nil
        else {
            return .failure(LinkAddressError(message: "--public-url “\(text)”无效：应写成 http://主机:端口（如 http://192.168.1.10:8080），手机用这个地址打开链接"))
        }
        var base = trimmed
        while base.hasSuffix("/") { base.removeLast() }
        return .success(base)
    }

    /// Whether links on `base` open only on this machine (127.0.0.0/8, localhost, ::1, 0.0.0.0).
    public static func isLoopback(_ base: String) -> Bool {
        guard let host = URLComponents(string: base)?.host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" || host == "0.0.0.0"
    }
}

/// Why an address cannot carry links.
public struct LinkAddressError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
