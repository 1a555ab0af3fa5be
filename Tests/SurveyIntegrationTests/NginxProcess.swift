import Foundation
import Testing

/// Debian's nginx in front of several server nodes on loopback, as docs/DEPLOY.md sets it up:
/// WebSocket upgrades passed through, a node that refuses connections skipped. One process
/// (`master_process off`), ended by its PID.
final class NginxProcess {
    let port: Int
    private let directory: String
    private let process = Process()

    init(nodes: [Int]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freeLoopbackPort()
        let upstream = nodes.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=10s;" }.joined(separator: "\n")
        let configuration = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log warn;
            events { worker_connections 2048; }
            http {
                access_log off;
                client_body_temp_path \(directory)/body;
                proxy_temp_path \(directory)/proxy;
                fastcgi_temp_path \(directory)/fastcgi;
                uwsgi_temp_path \(directory)/uwsgi;
                scgi_temp_path \(directory)/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                upstream survey {
            \(upstream)
                }
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        proxy_pass http://survey;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_read_timeout 65s;
                        proxy_connect_timeout 2s;
                        proxy_next_upstream error timeout;
                    }
                }
            }
            """
        try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", directory, "-c", directory + "/nginx.conf"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try waitUntil {
            guard let descriptor = try? WebSocketTestClient.loopbackSocket(port: self.port, timeout: 1) else { return false }
            close(descriptor)
            return true
        }
    }

    deinit {
        if process.isRunning {
            // nginx without a master process ignores SIGTERM when started from the test process; a
            // proxy holds nothing to flush, so it is killed outright.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A loopback port nothing listens on now.
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw WebSocketTestClient.Failure(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
