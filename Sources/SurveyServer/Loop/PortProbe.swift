import Foundation

/// Checks, before anything is written, that the server could listen where it is asked to.
public enum PortProbe {
    /// Throws `ServerError.cannotListen` when `host:port` cannot be bound: a host that is no IPv4
    /// address of this machine, a port in use, or one not allowed. Port 0 checks the host alone.
    public static func check(host: String, port: Int) throws {
        // Four decimal parts exactly (inet_pton): lws reads the address itself and takes no shorthand like 127.1.
        var parsed = in_addr()
        guard inet_pton(AF_INET, host, &parsed) == 1 else {
            throw ServerError.cannotListen("--host “\(host)”不是 IPv4 地址：应为本机网卡上的地址（如 192.168.1.10、127.0.0.1），或 0.0.0.0 表示所有网卡")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        socketAddress.sin_addr = parsed
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound != 0 else { return }
        let reason =
            switch errno {
            case EADDRINUSE: "端口 \(port) 已被占用（是否已有服务器在运行？可用 --port 换一个端口）"
            case EACCES: "无权监听端口 \(port)（1024 以下的端口需要特权）"
            case EADDRNOTAVAIL: "\(host) 不是本机的地址：--host 应为本机网卡上的地址，或 0.0.0.0 表示所有网卡"
            default: "无法在 \(host):\(port) 上监听（\(String(cString: strerror(errno)))）"
            }
        throw ServerError.cannotListen(reason)
    }
}
