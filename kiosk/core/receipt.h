/* receipt: what a printed receipt and a queue ticket say, as plain data.
 *
 * The receipt is the "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả" a citizen
 * takes home: the center, the procedure, the dossier code (the printer adds a
 * barcode), the applicant's name with the ID number masked but for its last 4
 * digits, when it was received and when the result is due, the documents
 * handed in, the fee with a VietQR payment code when one is due, the text of
 * the tracking QR code, the hotline. The ticket is a queue number with its
 * service group, priority, people ahead and a QR code to watch the queue.
 *
 * No SDL, no printer: the printer driver lays these out on paper, the UI can
 * show the same picture on screen. Strings are NUL-terminated UTF-8; a
 * receipt holds personal data (the name), so receipt_wipe() zeroes it with
 * explicit_bzero when the visit ends. The full ID number is never stored. */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "vietqr.h"

#define RECEIPT_MAX_DOCS 12

typedef enum receipt_err {
    RECEIPT_OK = 0,
    RECEIPT_ERR_ARG = -1,       /* NULL pointer */
    RECEIPT_ERR_TOO_LONG = -2,  /* a text did not fit its field */
    RECEIPT_ERR_DOSSIER = -3,   /* the dossier code is malformed (no tracking QR) */
    RECEIPT_ERR_PAYMENT = -4,   /* a fee is due but no VietQR code could be made */
    RECEIPT_ERR_FULL = -5       /* more than RECEIPT_MAX_DOCS documents */
} receipt_err;

typedef struct receipt_doc {
    char name[300];             /* "Tờ khai đăng ký khai sinh" (as the catalog's) */
    char count[48];             /* "1 bản chính" */
} receipt_doc;

typedef struct receipt {
    char center[160];           /* "Trung tâm Phục vụ hành chính công xã ..." */
    char procedure_name[600];   /* as long as the catalog's official name */
    char procedure_code[32];    /* "1.001193" */
    char dossier_code[48];      /* "38.98.H29-210519-0013" */
    char applicant_name[128];   /* personal data */
    char applicant_id_masked[24];   /* "********1234" */
    char received_at[24];       /* "hh:mm dd/mm/yyyy" */
    char due_at[24];
    char processing_time[200];  /* "3 ngày làm việc" (catalog time_text), may be empty */
    char collect_at[160];       /* where to collect the result, may be empty */
    receipt_doc docs[RECEIPT_MAX_DOCS];
    int doc_count;
    unsigned long long fee_vnd; /* 0: no fee */
    char fee_note[160];         /* how it is paid, may be empty */
    char vietqr[VIETQR_PAYLOAD_MAX];  /* payment code text, "" when no fee */
    char payee[160];            /* account name and number shown under the code */
    char tracking_qr[64];       /* receipt_qr_format() text */
    char hotline[48];
} receipt;

typedef enum ticket_priority {
    TICKET_PRIORITY_NONE = 0,
    TICKET_PRIORITY_ELDERLY,
    TICKET_PRIORITY_DISABLED,
    TICKET_PRIORITY_PREGNANT,
    TICKET_PRIORITY_CHILD       /* with a child under 36 months */
} ticket_priority;

typedef struct ticket {
    char center[160];
    char number[16];            /* "A012" */
    char service_group[128];    /* "Hộ tịch" */
    ticket_priority priority;
    int people_ahead;           /* -1 when unknown */
    char issued_at[24];         /* "hh:mm dd/mm/yyyy" */
    char queue_qr[128];         /* text of the QR to watch the queue, may be empty */
} ticket;

/* Zero everything (explicit_bzero). */
void receipt_wipe(receipt *r);

/* "hh:mm dd/mm/yyyy" of t in local time into out (at least 17 bytes). */
int receipt_format_time(time_t t, char *out, size_t size);

/* Fee as people read it: "8.000 đ" (dots between thousands). */
int receipt_format_fee(unsigned long long vnd, char *out, size_t size);

/* Mask an ID number: every character but the last 4 becomes '*'. An ID of 4
 * characters or fewer is masked entirely. */
int receipt_mask_id(const char *id, char *out, size_t size);

/* Set the dossier code and the tracking QR text (receipt_qr_format). */
int receipt_set_dossier(receipt *r, const char *dossier_code);

/* Set the applicant: the name, and the ID masked; the full ID is not kept. */
int receipt_set_applicant(receipt *r, const char *full_name, const char *id_number);

int receipt_add_doc(receipt *r, const char *name, const char *count);

/* Set the fee. With fee_vnd > 0 and an account, builds the VietQR payload
 * (purpose from the dossier code, so set that first) and the payee line.
 * With fee_vnd > 0 and no account (NULL), no code is printed; the note says
 * where to pay. */
int receipt_set_fee(receipt *r, unsigned long long fee_vnd, const vietqr_account *account);

/* Human label of a priority ("Người cao tuổi"), "" for none. */
const char *ticket_priority_label(ticket_priority p);

/* Made-up content for `kioskctl print test`, demo mode and tests: the demo
 * citizen of the reference (Nguyễn Văn An), a copy-of-birth-certificate
 * procedure with an 8,000 đ fee, paid to account (or a made-up account when
 * NULL). */
int receipt_fill_demo(receipt *r, const vietqr_account *account);
void ticket_fill_demo(ticket *t);

const char *receipt_strerror(int err);

#endif
