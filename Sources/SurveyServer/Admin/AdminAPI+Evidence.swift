import Foundation
import SurveyCore
import SurveyStore

/// 佐证材料 files: uploaded by staff or by a unit named on the row, kept under their SHA-256.
extension AdminAPI {
    /// `POST /api/rectify/N/evidence?name=FILE` with the file as the body: its size checked on the
    /// loop thread; the row, the unit's rights and the content checked, and the file kept, off it.
    func uploadEvidence(number: Int, _ request: HTTPRequest, by uploader: String, unit: String?, hub: Hub, at now: Date) -> AdminPlan {
        let name = Self.evidenceName(request)
        guard request.body.count <= maxEvidenceBytes else {
            let size = String(format: "%.1f", Double(request.body.count) / 1_048_576)
            return .answer(.error(.tooLarge, "文件“\(name)”大小 \(size) MB，超过上限 \(maxEvidenceBytes / 1_048_576) MB，未作任何更改"))
        }
        let (context, findings, connected, directory, body) = (registerContext, hub.findings, hub.connectedUnits, evidenceDirectory, request.body)
        return .store { database in
            func refused(_ response: HTTPResponse) -> AdminApply { { _ in (response, []) } }
            // The register takes in what answers raised before any row changes.
            var refresh = try context.sync(database: database, findings: findings).run(at: now)
            // Checked again with the body in: the row may have changed while it came.
            let row: RectificationRow
            switch Self.evidenceRow(number: number, name: name, unit: unit, in: try context.rows(database: database, findings: findings)) {
            case .success(let found): row = found
            case .failure(let refusal): return refused(refusal.response)
            }
            let type: EvidenceType
            switch EvidenceType.detect(name: name, bytes: body) {
            case .success(let detected): type = detected
            case .failure(let error): return refused(.error(.refusedType, error.message))
            }
            let sha = TokenHasher.sha256Hex(Data(body))
            let written = try Self.storeEvidenceBytes(body, sha256: sha, database: database, directory: directory)
            let file = EvidenceFile(sha256: sha, name: name, size: body.count, type: type, uploadedBy: uploader, at: Timestamp.string(now))
            let added: Bool
            do {
                added = try database.addEvidence(file, number: number, at: now)
            } catch {
                // Nothing changed: no file is left behind that no row lists.
                if let written { try? FileManager.default.removeItem(atPath: written) }
                throw error
            }
            guard added else {
                return refused(.error(.duplicateEvidence, "第 \(number) 项已有同一文件（SHA-256 \(sha.prefix(12))…）"))
            }
            refresh.formUnion(row.units)
            let frames = try context.unitFrames(units: refresh.intersection(connected), database: database, findings: findings)
            return { hub in (.json(file, status: 201), RegisterContext.sends(frames, hub: hub)) }
        }
    }

    /// The uploaded file's name as given.
    static func evidenceName(_ request: HTTPRequest) -> String {
        (request.query("name") ?? "").split(separator: "/").last.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// The row an upload goes to, or why it is refused from what the request's headers say (its
    /// name, the row, the unit's rights): asked before the body is read, and again once it is in.
    func evidenceRow(number: Int, _ request: HTTPRequest, unit: String?, hub: Hub) throws -> Result<RectificationRow, EvidenceRefusal> {
        Self.evidenceRow(number: number, name: Self.evidenceName(request), unit: unit, in: try register(hub: hub))
    }

    /// The row of `register` an upload named `name` goes to, or why it is refused.
    static func evidenceRow(number: Int, name: String, unit: String?, in register: [RectificationRow]) -> Result<RectificationRow, EvidenceRefusal> {
        func refused(_ response: HTTPResponse) -> Result<RectificationRow, EvidenceRefusal> { .failure(EvidenceRefusal(response: response)) }
        if let problem = EvidenceFile.nameProblem(name) { return refused(.error(.badRequest, problem)) }
        let row = register.first(where: { $0.number == number })
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

    /// Keeps the bytes once under their hash: in the database when nodes share it, else as a file
    /// in `directory` written atomically and owner-only. Returns the file it wrote, when it wrote one.
    @discardableResult
    static func storeEvidenceBytes(_ bytes: [UInt8], sha256 sha: String, database: SurveyDatabase, directory: String) throws -> String? {
        if database.isShared {
            try database.storeEvidenceBytes(bytes, sha256: sha)
            return nil
        }
        let path = "\(directory)/\(sha)"
        guard !FileManager.default.fileExists(atPath: path) else { return nil }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFile.write(bytes, to: path)
        return path
    }
}
