import Foundation

/// Asks the kernel whether a TCP port can be listened on, before anything is written.
public enum PortProbe {
    /// Throws `ServerError.cannotListen` when `host:port` cannot be bound (in use, or not allowed).
    /// Port 0 always can.
    public static func check(host: String, port: Int) throws {
        guard port != 0 else { return }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = host == "0.0.0.0" ? INADDR_ANY : inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound != 0 else { return }
        let reason =
            errno == EADDRINUSE
            ? "端口 \(port) 已被占用（是否已有服务器在运行？可用 --port 换一个端口）"
            : errno == EACCES
                ? "无权监听端口 \(port)（1024 以下的端口需要特权）"
                : "无法在 \(host):\(port) 上监听（\(String(cString: strerror(errno)))）"
        throw ServerError.cannotListen(reason)
    }
}
