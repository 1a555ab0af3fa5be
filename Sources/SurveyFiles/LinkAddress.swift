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

    /// Whether links on `base` open only on this machine: 127.0.0.0/8 however it is spelt (a single
    /// number, hexadecimal, IPv4-mapped IPv6), localhost with or without its final dot, ::1, 0.0.0.0.
    public static func isLoopback(_ base: String) -> Bool {
        guard var host = URLComponents(string: base)?.host?.lowercased() else { return false }
        host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        while host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0.0.0.0" || host == "0" { return true }
        if host.hasPrefix("::ffff:") { host.removeFirst(7) }
        // inet_aton's spellings: a dotted quad, or one number (decimal, 0x hexadecimal, 0 octal).
        var address = in_addr()
        guard inet_aton(host, &address) != 0 else { return false }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127 || address.s_addr == 0
    }
}

/// Why an address cannot carry links.
public struct LinkAddressError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
