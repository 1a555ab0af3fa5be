import ArgumentParser
import Foundation
import SurveyCore
import SurveyFiles
import SurveyServer
import SurveySimulator

/// `survey simulate`: many supervisors answering, from one process, for demos and load tests.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "模拟监督员：从一个进程建立 N 个 WebSocket 连接（libwebsockets 客户端），收到问卷后思考片刻再随机作答。仅用于本机或测试主机。")

    @Option(help: "模拟的监督员人数。") var supervisors = 277
    @Option(help: "服务器地址（默认读取数据目录中的 server.json）。只允许 127.0.0.0/8、localhost 或 --allow-host 指定的测试主机。") var server: String?
    @Option(help: "数据目录：读取 server.json 和 demo-links.csv。") var data = "data"
    @Option(help: "个人链接文件（含 token 列的 CSV），默认为数据目录中的 demo-links.csv。") var links: String?
    @Option(help: "最短思考时间（秒）。") var thinkMin = 0.0
    @Option(help: "最长思考时间（秒）。") var thinkMax = 5.0
    @Flag(help: "思考时间从模拟开始算起，而不是从收到问卷算起（用于已连接后的集中作答测试）。") var thinkFromStart = false
    @Option(help: "最长运行时间（秒）。") var maxSeconds = 120.0
    @Flag(help: "只连接不作答（用于空闲连接测试），直到最长运行时间。") var idle = false
    @Flag(help: "以 JSON 输出结果。") var json = false
    @Option(help: "允许的测试主机（本项目自己的测试网络命名空间中的地址）。") var allowHost: [String] = []

    func validate() throws {
        guard supervisors >= 1, thinkMin >= 0, thinkMax >= thinkMin, maxSeconds > 0, maxSeconds <= 3600 else {
            throw ValidationError("参数超出范围：人数至少 1，0 ≤ 最短思考 ≤ 最长思考，运行时间 0–3600 秒。")
        }
    }

    func run() throws {
        let directory = DataDirectory(path: data)
        guard let address = server ?? directory.serverURL(), let url = URL(string: address), let host = url.host, let port = url.port else {
            throw ValidationError("不知道服务器地址：请用 --server http://127.0.0.1:端口 指定，或先在 --data 目录启动服务器。")
        }
        guard host == "localhost" || host.hasPrefix("127.") || allowHost.contains(host) else {
            throw ValidationError("模拟器只连接本机（127.0.0.0/8）或 --allow-host 指定的测试主机，不连接 \(host)。")
        }
        let sheet = links ?? directory.demoLinksPath
        let text = try InputFile.text(sheet, what: "个人链接文件")
        let tokens = LinksCSV.tokens(in: text)
        guard tokens.count >= supervisors else {
            throw CommandFailure("\(sheet) 中只有 \(tokens.count) 个令牌，不够 \(supervisors) 名监督员。")
        }
        if !json { print("模拟 \(supervisors) 名监督员连接 \(host):\(port)，思考时间 \(thinkMin)–\(thinkMax) 秒…") }
        fflush(nil)
        var options = SimulationOptions(
            host: host == "localhost" ? "127.0.0.1" : host, port: port, tokens: Array(tokens.prefix(supervisors)),
            thinkMin: thinkMin, thinkMax: thinkMax, maxSeconds: maxSeconds, stopWhenDone: !idle, answer: !idle)
        options.thinkFromStart = thinkFromStart
        let report = Simulator(options: options).run()
        if json {
            print(CanonicalJSON.string(report))
            return
        }
        print("连接 \(report.connected)/\(report.supervisors)（失败 \(report.connectionErrors)），收到欢迎 \(report.welcomed)，推送 \(report.pushes)")
        print(
            "提交 \(report.submitted)，确认 \(report.acked)；确认延迟 p50 \(fmt(report.ackLatency.p50)) ms，p99 \(fmt(report.ackLatency.p99)) ms，"
                + "最大 \(fmt(report.ackLatency.max)) ms；用时 \(fmt(report.seconds)) 秒")
        if !report.errors.isEmpty { print("错误：\(report.errors.map { "\($0.key) \($0.value)" }.sorted().joined(separator: "，"))") }
    }

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
