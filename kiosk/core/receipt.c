/* receipt: receipt and ticket content. See receipt.h.
 *
 * Setters copy with text_copy() and report a field that did not fit rather
 * than print half a name; the ID number is masked on the way in, so the full
 * number never sits in a receipt. */
#include "receipt.h"

#include <stdio.h>
#include <string.h>

#include "receipt_qr.h"
#include "text.h"

void receipt_wipe(receipt *r)
{
    if (r)
        explicit_bzero(r, sizeof *r);
}

int receipt_format_time(time_t t, char *out, size_t size)
{
    struct tm tm;
    if (!out || size == 0 || !localtime_r(&t, &tm))
        return RECEIPT_ERR_ARG;
    if (strftime(out, size, "%H:%M %d/%m/%Y", &tm) == 0)
        return RECEIPT_ERR_TOO_LONG;
    return RECEIPT_OK;
}

int receipt_format_fee(unsigned long long vnd, char *out, size_t size)
{
    char digits[24], grouped[40];
    int n = snprintf(digits, sizeof digits, "%llu", vnd);
    size_t w = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[w++] = '.';
        grouped[w++] = digits[i];
    }
    grouped[w] = '\0';
    if (!out || (size_t)snprintf(out, size, "%s \xc4\x91", grouped) >= size)
        return RECEIPT_ERR_TOO_LONG;
    return RECEIPT_OK;
}

int receipt_mask_id(const char *id, char *out, size_t size)
{
    if (!id || !out || size == 0)
        return RECEIPT_ERR_ARG;
    size_t n = strlen(id);
    if (n + 1 > size) {
        out[0] = '\0';
        return RECEIPT_ERR_TOO_LONG;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (n > 4 && i >= n - 4) ? id[i] : '*';
    out[n] = '\0';
    return RECEIPT_OK;
}

static int set_text(char *dst, size_t size, const char *src)
{
    if (!src)
        return RECEIPT_ERR_ARG;
    if (!text_copy(dst, size, src))
        return RECEIPT_ERR_TOO_LONG;
    return RECEIPT_OK;
}

int receipt_set_dossier(receipt *r, const char *dossier_code)
{
    if (!r || !dossier_code)
        return RECEIPT_ERR_ARG;
    if (receipt_qr_format(dossier_code, r->tracking_qr, sizeof r->tracking_qr) != RECEIPT_QR_OK) {
        r->tracking_qr[0] = '\0';
        return RECEIPT_ERR_DOSSIER;
    }
    return set_text(r->dossier_code, sizeof r->dossier_code, dossier_code);
}

int receipt_set_applicant(receipt *r, const char *full_name, const char *id_number)
{
    if (!r || !full_name || !id_number)
        return RECEIPT_ERR_ARG;
    int rc = set_text(r->applicant_name, sizeof r->applicant_name, full_name);
    if (rc == RECEIPT_OK)
        rc = receipt_mask_id(id_number, r->applicant_id_masked, sizeof r->applicant_id_masked);
    return rc;
}

int receipt_add_doc(receipt *r, const char *name, const char *count)
{
    if (!r || !name || !count)
        return RECEIPT_ERR_ARG;
    if (r->doc_count >= RECEIPT_MAX_DOCS)
        return RECEIPT_ERR_FULL;
    receipt_doc *d = &r->docs[r->doc_count];
    if (!text_copy(d->name, sizeof d->name, name) || !text_copy(d->count, sizeof d->count, count))
        return RECEIPT_ERR_TOO_LONG;
    r->doc_count++;
    return RECEIPT_OK;
}

/* Banks of the reference's examples, for the line under the payment code. */
static const char *bank_name(const char *bin)
{
    static const struct { const char *bin, *name; } banks[] = {
        { "970415", "VietinBank" }, { "970422", "MB" },       { "970436", "Vietcombank" },
        { "970418", "BIDV" },       { "970405", "Agribank" },
    };
    for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++)
        if (!strcmp(bin, banks[i].bin))
            return banks[i].name;
    return NULL;
}

int receipt_set_fee(receipt *r, unsigned long long fee_vnd, const vietqr_account *account)
{
    if (!r)
        return RECEIPT_ERR_ARG;
    r->fee_vnd = fee_vnd;
    r->vietqr[0] = '\0';
    r->payee[0] = '\0';
    if (fee_vnd == 0 || !account)
        return RECEIPT_OK;
    if (vietqr_build_fee(account, fee_vnd, r->dossier_code, r->vietqr, sizeof r->vietqr) !=
        VIETQR_OK) {
        r->vietqr[0] = '\0';
        return RECEIPT_ERR_PAYMENT;
    }
    const char *bank = bank_name(account->bank_bin);
    char bankbuf[16];
    if (!bank) {
        snprintf(bankbuf, sizeof bankbuf, "BIN %s", account->bank_bin);
        bank = bankbuf;
    }
    char line[sizeof r->payee + 64];
    if (account->account_name[0])
        snprintf(line, sizeof line, "%s, %s %s", account->account_name, bank, account->account);
    else
        snprintf(line, sizeof line, "%s %s", bank, account->account);
    if (!text_copy(r->payee, sizeof r->payee, line))
        return RECEIPT_ERR_TOO_LONG;
    return RECEIPT_OK;
}

const char *ticket_priority_label(ticket_priority p)
{
    switch (p) {
    case TICKET_PRIORITY_NONE: return "";
    case TICKET_PRIORITY_ELDERLY: return "Người cao tuổi";
    case TICKET_PRIORITY_DISABLED: return "Người khuyết tật";
    case TICKET_PRIORITY_PREGNANT: return "Phụ nữ mang thai";
    case TICKET_PRIORITY_CHILD: return "Người đi cùng con nhỏ dưới 36 tháng";
    }
    return "";
}

int receipt_fill_demo(receipt *r, const vietqr_account *account)
{
    if (!r)
        return RECEIPT_ERR_ARG;
    memset(r, 0, sizeof *r);
    vietqr_account demo;
    if (!account) {
        memset(&demo, 0, sizeof demo);
        strcpy(demo.bank_bin, "970415");
        strcpy(demo.account, "113366668888");
        strcpy(demo.account_name, "Tài khoản thu phí (thử nghiệm)");
        account = &demo;
    }
    int rc = RECEIPT_OK;
    rc |= set_text(r->center, sizeof r->center, "Trung tâm Phục vụ hành chính công xã Hòa Bình");
    rc |= set_text(r->procedure_name, sizeof r->procedure_name,
                   "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh");
    rc |= set_text(r->procedure_code, sizeof r->procedure_code, "2.000635");
    rc |= receipt_set_dossier(r, "38.98.H29-261122-0042");
    rc |= receipt_set_applicant(r, "Nguyễn Văn An", "001099012345");
    rc |= set_text(r->received_at, sizeof r->received_at, "09:30 22/11/2026");
    rc |= set_text(r->due_at, sizeof r->due_at, "09:30 23/11/2026");
    rc |= set_text(r->processing_time, sizeof r->processing_time, "1 ngày làm việc");
    rc |= set_text(r->collect_at, sizeof r->collect_at, "Quầy số 2, Trung tâm Phục vụ hành chính công");
    rc |= receipt_add_doc(r, "Tờ khai cấp bản sao trích lục hộ tịch", "1 bản chính");
    rc |= receipt_add_doc(r, "Giấy ủy quyền (nếu người khác nộp thay)", "1 bản chính");
    rc |= set_text(r->fee_note, sizeof r->fee_note,
                   "Nộp bằng mã VietQR dưới đây hoặc tại quầy thu phí.");
    rc |= receipt_set_fee(r, 8000, account);
    rc |= set_text(r->hotline, sizeof r->hotline, "1800 0000 (thử nghiệm)");
    return rc == RECEIPT_OK ? RECEIPT_OK : RECEIPT_ERR_TOO_LONG;
}

void ticket_fill_demo(ticket *t)
{
    memset(t, 0, sizeof *t);
    text_copy(t->center, sizeof t->center, "Trung tâm Phục vụ hành chính công xã Hòa Bình");
    text_copy(t->number, sizeof t->number, "A012");
    text_copy(t->service_group, sizeof t->service_group, "Hộ tịch, chứng thực");
    t->priority = TICKET_PRIORITY_ELDERLY;
    t->people_ahead = 3;
    text_copy(t->issued_at, sizeof t->issued_at, "09:31 22/11/2026");
    text_copy(t->queue_qr, sizeof t->queue_qr, "HANGDOI1:38.98.H29:A012");
}

const char *receipt_strerror(int err)
{
    switch (err) {
    case RECEIPT_OK: return "Không có lỗi.";
    case RECEIPT_ERR_ARG: return "Lỗi chương trình: thiếu dữ liệu biên nhận.";
    case RECEIPT_ERR_TOO_LONG: return "Một mục của biên nhận quá dài: rút gọn nội dung.";
    case RECEIPT_ERR_DOSSIER: return "Mã hồ sơ không đúng định dạng: báo cán bộ kiểm tra.";
    case RECEIPT_ERR_PAYMENT:
        return "Không tạo được mã VietQR: kiểm tra mục [payment] trong kiosk.conf.";
    case RECEIPT_ERR_FULL: return "Quá nhiều giấy tờ cho một biên nhận.";
    }
    return "Lỗi biên nhận không xác định.";
}
