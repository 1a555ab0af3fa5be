import ArgumentParser
import Foundation
import LwsSupport
import SurveyCore
import SurveyFiles
import SurveyServer
import SurveyStore

/// `survey serve`: runs the server until SIGINT or SIGTERM.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动服务器（网页、管理接口和 WebSocket 共用一个端口）。")

    @Option(help: "监听地址。") var host = "0.0.0.0"
    @Option(help: "端口；0 表示自动选择空闲端口。") var port = 8080
    @Option(help: "数据目录（SQLite 数据库、管理令牌）。") var data = "data"
    @Option(help: "数据库：默认为数据目录中的 SQLite 文件；postgres://用户@主机:端口/库名 则使用 PostgreSQL，多个节点可共用（见 docs/DEPLOY.md）。")
    var store: String?
    @Option(help: "区（PostgreSQL 中的租户，如 dongli）：各区的名册、问卷、台账和报告互不可见；默认为 public。") var district: String?
    @Option(help: "PostgreSQL 时本节点最多同时使用的数据库连接数（另有 1 个接收其他节点通知）；max_connections 须不少于各节点之和。")
    var storeConnections = PostgresStore.defaultMaxConnections
    @Option(help: "网页目录；默认依次查找当前目录和安装目录（PREFIX/share/survey）下的 Web。") var web: String?
    @Option(help: "名册为空时生成的演示监督员人数（0 表示不生成）。") var demoRoster = 0
    @Option(help: "自查项文件；默认依次查找当前目录、网页目录旁和安装目录下的 Surveys/review-items.yaml。发布的问卷只能引用其中的自查项。")
    var reviewItems: String?
    @Option(help: "节假日文件（法定节假日和调休，个案整改时限按工作日计算）；默认为自查项文件旁的 holidays.yaml。") var holidays: String?
    @Option(help: "办公室文件（区名、主送、落款、监督员类别、单位、自查项来源）；默认为自查项文件旁的 office.yaml。") var office: String?
    @Option(help: "问题进入整改清单的最少反映人数。") var findingMinCount = FindingThreshold.standard.minCount
    @Option(help: "问题进入整改清单的最低反映比例（0–1）。") var findingMinShare = FindingThreshold.standard.minShare
    @Option(name: .customLong("allowed-origin"), help: "允许建立 WebSocket 的来源（可重复），如 https://survey.example.gov.cn；默认只允许本站页面。")
    var allowedOrigins: [String] = []
    @Option(help: "TLS 证书（PEM）；与 --tls-key 一起使用时提供 https 和 wss。") var tlsCert: String?
    @Option(help: "TLS 私钥（PEM）。") var tlsKey: String?
    @Option(help: "WebSocket 单条消息上限（字节）。") var maxMessageBytes = 64 * 1024
    @Option(help: "每个监督员链接同时允许的连接数。") var maxConnectionsPerToken = 3
    @Option(help: "连接后须在多少秒内完成身份验证。") var authTimeout = 5
    @Option(help: "每个连接每秒允许的消息数。") var messagesPerSecond = 10.0
    @Option(help: "HTTP 请求或 WebSocket 握手须在多少秒内完成。") var handshakeTimeout = 20
    @Option(help: "连接空闲多少秒后服务器发送 ping。") var idlePing = 30
    @Option(help: "连接空闲多少秒（未回 pong）后服务器断开。") var idleHangup = 75
    @Option(help: "同一地址同时允许的未验证连接数。") var maxUnauthenticatedPerAddress = 64
    @Option(help: "每个连接待发送数据的上限（字节）；读得太慢的连接超出后会被断开。") var maxOutboxBytes = 8 * 1024 * 1024
    @Option(help: "佐证材料文件的大小上限（MB）。") var maxEvidenceMb = 20
    @Option(help: "投屏的自查项色带：作答人数少于此数时显示为灰色（样本不足）。") var projectorMinSample = 10
    @Option(help: "回访答复期限（工作日）：期内未全部答复时，销号须写明理由。") var followupDays = FollowUpPolicy.standard.workingDays
    @Option(help: "每隔多少秒检查一次到期提醒和督办（办公室文件 reminders 设定提前和逾期的工作日数），1 到 86400。") var reminderCheckSeconds = 300.0
    @Option(help: "回访中不满意的比例超过此值（0–1）时不能销号，除非写明理由。") var followupMaxUnsatisfied = FollowUpPolicy.standard.maxUnsatisfiedShare
    @Option(help: "短信网关命令（经 /bin/sh -c 运行）：标准输入收到 {\"phone\",\"text\",…} JSON，退出码 0 表示发送成功。提醒、交办通知和回访邀请将通过它发送短信。")
    var smsCommand: String?
    @Option(help: "链接使用的地址（如 http://192.168.1.10:8080，或代理后的 https://survey.example.gov.cn）：启动信息、演示链接、邀请函、单位链接和投屏链接都用它，手机须能打开。")
    var publicUrl: String?
    @Option(name: .customLong("launch"), help: "启动时发布的问卷文件（可重复；内容未变则不产生新版本）。") var launchFiles: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port 应在 0 到 65535 之间。") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert 和 --tls-key 须同时指定。") }
        if let publicUrl, case .failure(let problem) = LinkAddress.parse(publicUrl) { throw ValidationError(problem.message) }
        for file in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw CommandFailure("无法读取 TLS 文件 \(file)")
        }
        // Each limit is named with its range, so the office knows which one to change.
        let limits: [(Bool, String)] = [
            ((1024...(16 << 20)).contains(maxMessageBytes), "--max-message-bytes 应在 1024 到 16777216 之间"),
            ((1...100).contains(maxConnectionsPerToken), "--max-connections-per-token 应在 1 到 100 之间"),
            ((1...100).contains(storeConnections), "--store-connections 应在 1 到 100 之间"),
            ((1...300).contains(authTimeout), "--auth-timeout 应在 1 到 300 秒之间"),
            (messagesPerSecond > 0, "--messages-per-second 应大于 0"),
            (maxUnauthenticatedPerAddress >= 1, "--max-unauthenticated-per-address 至少为 1"),
            (maxOutboxBytes >= 1024, "--max-outbox-bytes 至少为 1024"),
            ((1...600).contains(handshakeTimeout), "--handshake-timeout 应在 1 到 600 秒之间"),
            ((1...3600).contains(idlePing), "--idle-ping 应在 1 到 3600 秒之间"),
            (idleHangup > idlePing, "--idle-hangup 应大于 --idle-ping"),
            (idleHangup <= 7200, "--idle-hangup 不能超过 7200 秒"),
        ]
        if let (_, message) = limits.first(where: { !$0.0 }) { throw ValidationError(message + "。") }
        guard findingMinCount >= 1, (0...1).contains(findingMinShare) else {
            throw ValidationError("--finding-min-count 至少为 1，--finding-min-share 应在 0 到 1 之间。")
        }
        guard (1...86_400).contains(reminderCheckSeconds) else { throw ValidationError("--reminder-check-seconds 应在 1 到 86400 之间。") }
        guard (1...1024).contains(maxEvidenceMb), (0...60).contains(followupDays), (0...1).contains(followupMaxUnsatisfied) else {
            throw ValidationError("--max-evidence-mb 应在 1 到 1024 之间，--followup-days 在 0 到 60 之间，--followup-max-unsatisfied 在 0 到 1 之间。")
        }
        try StoreOptions.validate(store: store, district: district)
    }

    func run() throws {
        guard let web = web ?? InstallLocations.find("Web/index.html").map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }),
            FileManager.default.fileExists(atPath: web + "/index.html")
        else {
            throw CommandFailure("找不到网页目录 \(web ?? "Web")（缺少 index.html）。请在仓库根目录运行，或用 --web 指定。")
        }
        guard let reviewItems = reviewItems ?? InstallLocations.find("Surveys/review-items.yaml", besideWeb: web) else {
            throw CommandFailure("找不到自查项文件 Surveys/review-items.yaml（当前目录、网页目录旁和安装目录下都没有），请用 --review-items 指定。")
        }
        var items: [ReviewItem]
        let calendar: WorkCalendar
        let profile: OfficeProfile
        do {
            items = try ReviewItemsLoader.load(yaml: SurveyFile.bytes(reviewItems), file: reviewItems)
            if let office {
                profile = try OfficeProfileLoader.load(yaml: SurveyFile.bytes(office), file: office, reviewItems: items)
            } else {
                profile = try SurveyFile.office(beside: reviewItems, reviewItems: items)
            }
            items = profile.apply(to: items)
            if let holidays {
                calendar = try HolidayCalendarLoader.load(yaml: SurveyFile.bytes(holidays), file: holidays)
            } else {
                calendar = try SurveyFile.workCalendar(beside: reviewItems)
            }
        } catch {
            throw CommandFailure("自查项、节假日或办公室文件有误：\n\(error.description)")
        }
        // A survey file with errors is refused before anything is written too.
        let launches = try launchFiles.map { file in try SurveyFile.load(file, reviewItems: reviewItems) }
        // Refused before anything is written: a port in use, a directory another server holds.
        try PortProbe.check(host: host, port: port)
        let directory = DataDirectory(path: data)
        try directory.create()
        let lock = try directory.lock()
        defer { close(lock) }
        let (database, newDemoLinks) = try directory.prepare(
            demoRosterSize: demoRoster, store: store, district: district, storeConnections: storeConnections)
        for (survey, warnings) in launches {
            warnings.forEach { print($0) }
            let outcome = try database.launch(survey, actor: "serve --launch", at: Date())
            print("已发布：\(survey.title)（\(survey.id) 第 \(outcome.published.version) 版）")
        }
        var configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: directory.path, webRoot: web, demoRosterSize: demoRoster,
            maxMessageBytes: maxMessageBytes, maxOutboxBytes: maxOutboxBytes,
            findingThreshold: FindingThreshold(minCount: findingMinCount, minShare: findingMinShare))
        configuration.allowedOrigins = allowedOrigins
        configuration.workCalendar = calendar
        configuration.office = profile
        configuration.tlsCertificate = tlsCert
        configuration.tlsKey = tlsKey
        configuration.maxConnectionsPerSupervisor = maxConnectionsPerToken
        configuration.authTimeoutSeconds = authTimeout
        configuration.messagesPerSecond = messagesPerSecond
        configuration.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        configuration.handshakeTimeoutSeconds = handshakeTimeout
        configuration.idlePingSeconds = idlePing
        configuration.idleHangupSeconds = idleHangup
        configuration.maxEvidenceBytes = maxEvidenceMb << 20
        configuration.projectorMinSample = max(1, projectorMinSample)
        configuration.smsCommand = smsCommand
        configuration.publicURL = try publicUrl.map { try LinkAddress.parse($0).get() }
        configuration.followUpPolicy = FollowUpPolicy(workingDays: followupDays, maxUnsatisfiedShare: followupMaxUnsatisfied)
        configuration.reminderCheckSeconds = reminderCheckSeconds
        raiseOpenFileLimit()
        let server = try Server(configuration: configuration, database: database, reviewItems: items)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        try server.start()
        let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
        let url = "\(tlsCert == nil ? "http" : "https")://\(shownHost):\(server.port)"
        // Links are for phones: on the public address when there is one.
        let links = configuration.publicURL ?? url
        if !newDemoLinks.isEmpty {
            try directory.writeLinks(newDemoLinks, baseURL: links, to: directory.demoLinksPath)
        } else if let sheet = try? String(contentsOfFile: directory.demoLinksPath, encoding: .utf8),
            let moved = LinksCSV.rebased(sheet, baseURL: links)
        {
            // The sample data's sheet was written before the port was known.
            try PrivateFile.write(moved, to: directory.demoLinksPath)
        }
        try directory.writeServerInfo(url: url, pid: getpid(), store: store == nil ? "sqlite" : "postgresql")
        print("服务器已启动：\(url)" + (configuration.publicURL.map { "（链接地址：\($0)）" } ?? ""))
        if store != nil, FileManager.default.fileExists(atPath: directory.databasePath) {
            print(
                "  注意：数据在 PostgreSQL 中，数据目录里的 SQLite 数据库 \(directory.databasePath) 不会被使用。"
                    + "尚未迁移的，请先停止服务器，再用 survey copy-store 迁入（见 docs/DEPLOY.md）；已迁移的，可把它移出数据目录留作备份。")
        }
        print("  数据目录：\(directory.path)")
        print("  管理令牌：\(directory.adminTokenPath)（仅所有者可读）")
        if !newDemoLinks.isEmpty {
            print("  已生成演示监督员 \(newDemoLinks.count) 名（演示数据），个人链接见 \(directory.demoLinksPath)。前三名：")
            for link in newDemoLinks.prefix(3) { print("    \(link.supervisor.name)（\(link.supervisor.id)）：\(links)/#t=\(link.token)") }
        } else if FileManager.default.fileExists(atPath: directory.demoLinksPath) {
            print("  演示监督员的个人链接见 \(directory.demoLinksPath)")
        }
        if LinkAddress.isLoopback(links) {
            print("  注意：链接地址 \(links) 只有本机能打开。手机使用前，请用 --public-url http://本机局域网地址:端口 重新启动。")
        }
        let command = CommandName.current
        print("  发布问卷：\(command) launch Surveys/<文件>.yaml --data \(data)")
        print("  大屏投屏链接：\(command) projector link --data \(data)")
        print("按 Ctrl-C 停止。")
        fflush(nil)
        server.waitUntilStopped()
        sources.forEach { $0.cancel() }
        print("服务器已停止。")
    }
}
