import Foundation
import SurveyCore
import SurveyStore

/// 佐证材料 files: uploaded by staff or by a unit named on the row, kept under their SHA-256.
extension AdminAPI {
    /// `POST /api/rectify/N/evidence?name=FILE` with the file as the body.
    func uploadEvidence(number: Int, _ request: HTTPRequest, by uploader: String, unit: String?, hub: inout Hub, at now: Date) throws
        -> (HTTPResponse, [HubAction])
    {
        let name = Self.evidenceName(request)
        guard request.body.count <= maxEvidenceBytes else {
            let size = String(format: "%.1f", Double(request.body.count) / 1_048_576)
            return (.error(.tooLarge, "文件“\(name)”大小 \(size) MB，超过上限 \(maxEvidenceBytes / 1_048_576) MB，未作任何更改"), [])
        }
        // Checked again with the body in: the row may have changed while it came.
        let row: RectificationRow
        switch try evidenceRow(number: number, request, unit: unit, hub: hub) {
        case .success(let found): row = found
        case .failure(let refusal): return (refusal.response, [])
        }
        let type: EvidenceType
        switch EvidenceType.detect(name: name, bytes: request.body) {
        case .success(let detected): type = detected
        case .failure(let error): return (.error(.refusedType, error.message), [])
        }
        let sha = TokenHasher.sha256Hex(Data(request.body))
        try storeEvidenceBytes(request.body, sha256: sha)
        let file = EvidenceFile(sha256: sha, name: name, size: request.body.count, type: type, uploadedBy: uploader, at: Timestamp.string(now))
        guard try database.addEvidence(file, number: number, at: now) else {
            return (.error(.duplicateEvidence, "第 \(number) 项已有同一文件（SHA-256 \(sha.prefix(12))…）"), [])
        }
        return (.json(file, status: 201), try unitRefresh(units: Set(row.units), hub: hub, at: now))
    }

    /// The uploaded file's name as given.
    static func evidenceName(_ request: HTTPRequest) -> String {
        (request.query("name") ?? "").split(separator: "/").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// The row an upload goes to, or why it is refused from what the request's headers say (its
    /// name, the row, the unit's rights): asked before the body is read, and again once it is in.
    func evidenceRow(number: Int, _ request: HTTPRequest, unit: String?, hub: Hub) throws -> Result<RectificationRow, EvidenceRefusal> {
        func refused(_ response: HTTPResponse) -> Result<RectificationRow, EvidenceRefusal> { .failure(EvidenceRefusal(response: response)) }
        if let problem = EvidenceFile.nameProblem(Self.evidenceName(request)) { return refused(.error(.badRequest, problem)) }
        let row = try register(hub: hub).first(where: { $0.number == number })
        // A unit is told the same of a row that does not exist as of one not its own: its link does
        // not learn how many rows the 台账 has.
        if let unit, row.map({ !$0.isHanded(to: unit) }) ?? true {
            return refused(.error(.notYourRow, "第 \(number) 项没有交办给\(unit)，不能上传佐证材料"))
        }
        guard let row else { return refused(Self.unknownRow(String(number))) }
        guard row.status < .signedOff else { return refused(.error(.workflow, "第 \(number) 项已销号，不能再上传佐证材料")) }
        return .success(row)
    }

    /// An upload refused, with the response that says why.
    struct EvidenceRefusal: Error {
        let response: HTTPResponse
    }

    /// `GET /api/evidence/SHA256` (or a unique prefix of at least 8 hex digits): the file's bytes, for
    /// staff or a unit named on a row that lists it. Read off the loop thread.
    func downloadEvidence(_ sha: String, unit: String?, hub: Hub) -> AdminPlan {
        let notFound = HTTPResponse.error(.unknownEvidence, "没有这个佐证材料文件")
        guard (8...64).contains(sha.count), sha.allSatisfy(\.isHexDigit) else { return .answer(notFound) }
        let (context, findings, directory) = (registerContext, hub.findings, evidenceDirectory)
        return .reading { database in
            let matches = try database.evidenceFiles(withPrefix: sha.lowercased())
            guard let file = matches.first else { return notFound }
            guard matches.count == 1 else {
                return unit == nil ? .error(.badRequest, "哈希前缀“\(sha)”对应 \(matches.count) 个文件，请给出更长的前缀") : notFound
            }
            if let unit {
                let rows = RegisterContext.rows(of: unit, in: try context.rows(database: database, findings: findings))
                guard rows.contains(where: { $0.evidenceFiles.contains { $0.sha256 == file.sha256 } }) else { return notFound }
            }
            let bytes =
                database.isShared
                ? try database.evidenceBytes(sha256: file.sha256) : FileManager.default.contents(atPath: "\(directory)/\(file.sha256)").map(Array.init)
            guard let bytes else { return notFound }
            let suffix = file.type == .jpeg ? "jpg" : file.type.rawValue
            return .attachment(bytes, contentType: file.type.mimeType, name: file.name, fallback: "evidence.\(suffix)")
        }
    }

    func evidencePath(_ sha: String) -> String { "\(evidenceDirectory)/\(sha)" }

    /// Keeps the bytes once under their hash: in the database when nodes share it, else as a file
    /// written atomically and owner-only.
    private func storeEvidenceBytes(_ bytes: [UInt8], sha256 sha: String) throws {
        if database.isShared { return try database.storeEvidenceBytes(bytes, sha256: sha) }
        let path = evidencePath(sha)
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(
            atPath: evidenceDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try PrivateFile.write(bytes, to: path)
    }
}
