import ArgumentParser
import Foundation
import SurveyAPI
import SurveyCore

extension Rectify {
    /// `survey rectify add`: a problem from any channel enters the 台账.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "登记问题：12345 热线工单、好差评差评、企业走访、自查发现、人大审议意见、上级督查等来源的问题列入整改台账。",
            discussion: "问题来源须是办公室文件 channels 所列渠道之一（默认：监督员问卷、监督员反映、12345热线、好差评、企业走访、自查发现、人大审议意见、上级督查）。单个反映（--lead，或办公室文件标为线索的渠道）先列为待核实，核实属实后才计为问题。")
        @Option(help: "问题来源（渠道），如 12345热线、自查发现。") var source: String
        @Option(help: "问题描述。") var text: String
        @Option(name: .customLong("item"), help: "所属自查项（如 R05），可重复，第一个为主。") var items: [String] = []
        @Option(help: "牵头单位（导入了单位名单时须在名单中）。") var unit: String?
        @Option(help: "反映日期，如 2026-12-01；默认今天。") var raised: String?
        @Option(help: "该渠道的编号，如 12345 工单号。") var ref: String?
        @Flag(help: "这是待核实的线索（不指定则按渠道的设置）。") var lead = false
        @Option(name: .customLong("evidence"), help: "佐证材料文件，可重复，登记后上传。") var evidence: [String] = []
        @OptionGroup var options: ServerOptions

        func validate() throws {
            for file in evidence { try InputFile.check(file, what: "佐证材料文件") }
        }

        func run() throws {
            let items = self.items.map(Rectify.itemID)
            let entry = RegisterEntry(source: source, text: text, items: items, unit: unit, raised: raised, ref: ref, lead: lead ? true : nil)
            let client = try options.client()
            let reply = try client.call("POST", "/api/rectify", body: CanonicalJSON.bytes(entry), as: RegisterEntryReply.self)
            if let number = reply.existing.first {
                print("该问题已在整改台账中：第 \(number) 项（同一来源、编号、描述和日期不重复登记）。")
                return
            }
            guard let row = reply.added.first else { return }
            print("已登记为第 \(row.number) 项（\(UntrustedText.forTerminal(row.sourceText))）：\(row.stateLabel)")
            for file in evidence {
                let data = try InputFile.read(file, what: "佐证材料文件")
                let stored = try client.call(
                    "POST", "/api/rectify/\(row.number)/evidence", query: [.init(name: "name", value: URL(fileURLWithPath: file).lastPathComponent)],
                    body: Array(data), as: EvidenceFile.self)
                print("已上传：\(UntrustedText.forTerminal(stored.summary))")
            }
        }
    }

    /// `survey rectify verify`: the result of checking a lead.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "核实线索：属实或部分属实的列为问题交办整改；不属实的以核实情况办结，保留在台账中，不计为问题。")
        @OptionGroup var step: StepOptions
        @Option(help: "核实结果：属实、部分属实、不属实。") var result: String
        @Option(help: "核实情况（不属实时即办结理由）。") var note: String

        func run() throws {
            var request = RectifyRequest(action: "verify", note: note)
            request.result = result
            try step.send(request)
        }
    }

    /// A review item as `R05` or `5`.
    static func itemID(_ text: String) -> String {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let number = Int(text) else { return text.uppercased() }
        return String(format: "R%02d", number)
    }
}
