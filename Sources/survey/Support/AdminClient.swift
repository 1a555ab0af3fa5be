import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveyServer
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Options shared by commands that talk to a running server.
struct ServerOptions: ParsableArguments {
    @Option(help: "服务器地址，如 http://127.0.0.1:8080（默认读取数据目录中的 server.json 或环境变量 SURVEY_SERVER）。")
    var server: String?
    @Option(help: "数据目录，用于在本机找到服务器地址和管理令牌。") var data = "data"
    @Option(help: "个人令牌文件（survey staff add --token-out 写出的）；默认用环境变量 SURVEY_ADMIN_TOKEN 或数据目录中的共用管理令牌。")
    var tokenFile: String?

    func client() throws -> AdminClient {
        let directory = DataDirectory(path: data)
        let environment = ProcessInfo.processInfo.environment
        let url = server ?? environment["SURVEY_SERVER"] ?? directory.serverURL() ?? "http://127.0.0.1:8080"
        if let tokenFile {
            let text = try InputFile.text(tokenFile, what: "令牌文件")
            return AdminClient(baseURL: url, token: text.trimmingCharacters(in: .whitespacesAndNewlines), dataDirectory: data)
        }
        guard let token = environment["SURVEY_ADMIN_TOKEN"] ?? (try? directory.adminToken()) else {
            throw CommandFailure("找不到管理令牌：请设置 SURVEY_ADMIN_TOKEN，或用 --data 指向服务器的数据目录（\(directory.adminTokenPath)）。")
        }
        return AdminClient(baseURL: url, token: token, dataDirectory: data)
    }
}

/// A blocking client for the admin API.
struct AdminClient {
    let baseURL: String
    let token: String
    let dataDirectory: String

    /// The address links are built on: the server's `--public-url`, or the one this client reaches
    /// it on.
    func linkBase() throws -> String {
        try call("GET", "/api/server", as: [String: String].self)["publicURL"] ?? baseURL
    }

    /// `linkBase()`, refused when it is a loopback address no phone can open, unless `deliberate`.
    func phoneLinkBase(deliberate: Bool) throws -> String {
        let base = try linkBase()
        if !deliberate { try Self.refuseLoopback(base) }
        return base
    }

    /// Refuses links on `base` when only this machine can open them.
    static func refuseLoopback(_ base: String) throws {
        guard LinkAddress.isLoopback(base) else { return }
        throw CommandFailure(
            "链接地址 \(base) 是本机回环地址，手机无法打开。请用 survey serve --public-url http://本机局域网地址:端口 启动服务器；"
                + "确属有意（仅在本机试用）时加 --allow-loopback。")
    }

    /// Sends a request and decodes a successful JSON reply; API errors become readable failures.
    func call<Reply: Decodable>(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: [UInt8]? = nil, as: Reply.Type
    ) throws -> Reply {
        let data = try send(method, path, query: query, body: body)
        do {
            return try JSONDecoder().decode(Reply.self, from: data)
        } catch {
            throw CommandFailure("无法理解服务器的回复（\(error)）")
        }
    }

    /// Sends a request and returns a successful reply's body as it is (a file); API errors become
    /// readable failures.
    func send(_ method: String, _ path: String, query: [URLQueryItem] = [], body: [UInt8]? = nil) throws -> Data {
        let invalid = CommandFailure("服务器地址无效：“\(baseURL)”，应写成 http://主机:端口（如 http://127.0.0.1:8080）")
        guard var components = URLComponents(string: baseURL + path), ["http", "https"].contains(components.scheme?.lowercased()),
            components.host?.isEmpty == false
        else { throw invalid }
        // Every value encoded but letters, digits and - . _ ~: lws reads + as a space and ends a
        // value at ;, which URLComponents leaves as they are.
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        if !query.isEmpty {
            components.percentEncodedQueryItems = query.map {
                URLQueryItem(name: $0.name, value: $0.value?.addingPercentEncoding(withAllowedCharacters: unreserved))
            }
        }
        guard let url = components.url else { throw invalid }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body { request.httpBody = Data(body) }
        let (data, status) = try perform(request)
        guard (200..<300).contains(status) else {
            if let error = try? JSONDecoder().decode(APIError.self, from: data) {
                printError("错误（\(error.code.rawValue)）：\(UntrustedText.forTerminal(error.message))")
                error.details?.forEach { printError("  \(UntrustedText.forTerminal($0))") }
            } else {
                printError("错误：服务器返回 HTTP \(status)")
            }
            throw ExitCode.failure
        }
        return data
    }

    /// What to do about a request that got no reply: starting a server is the cure only for a
    /// refused connection to this machine.
    func hint(for error: (any Error)?, url: URL?) -> String {
        let code = (error as? URLError)?.code
        if code == .cannotConnectToHost || code == nil, let url, LinkAddress.isLoopback(url.absoluteString) {
            return "服务器是否在运行？启动命令：\(CommandName.current) serve --data \(dataDirectory)"
        }
        if url?.scheme == "https" && code == .unknown { return "服务器是否未启用 TLS？请改用 http://" }
        return "请检查服务器地址（--server）和网络。"
    }

    /// Why a request got no reply, in words: URLSession's own are English.
    static func reason(_ error: (any Error)?) -> String {
        guard let error = error as? URLError else { return error == nil ? "无响应" : "网络错误" }
        switch error.code {
        case .cannotConnectToHost: return "连接被拒绝：该地址和端口上没有服务器在运行"
        case .badURL, .unsupportedURL: return "地址无效，应写成 http://主机:端口，端口在 1 到 65535 之间"
        case .timedOut: return "连接超时"
        case .cannotFindHost, .dnsLookupFailed: return "找不到该主机"
        case .networkConnectionLost: return "连接中断"
        case .notConnectedToInternet: return "网络不通"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot:
            return "TLS 证书或加密连接有问题"
        case .badServerResponse, .cannotParseResponse: return "回复无法识别，该端口上可能不是本系统的服务器"
        default: return "网络错误，代码 \(error.code.rawValue)"
        }
    }

    private func perform(_ request: URLRequest) throws -> (Data, Int) {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            outcome.set(data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0, error)
            done.signal()
        }.resume()
        done.wait()
        let (data, status, error) = outcome.get()
        if error != nil || status == 0 {
            throw CommandFailure("无法连接服务器 \(baseURL)（\(Self.reason(error))）。" + hint(for: error, url: request.url))
        }
        return (data, status)
    }
}

/// Carries a URLSession reply from its callback thread back to the waiting caller.
private final class Outcome: Sendable {
    private let value = Mutex<(Data, Int, (any Error)?)>((Data(), 0, nil))

    func set(_ data: Data, _ status: Int, _ error: (any Error)?) {
        value.withLock { $0 = (data, status, error) }
    }

    func get() -> (Data, Int, (any Error)?) { value.withLock { $0 } }
}
