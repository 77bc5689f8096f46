/* identity: who the citizen at the kiosk is, as far as we know.
 *
 * Filled from the card's QR code (unverified), from the chip (DG13/DG1), or from
 * a typed ID number. It carries its assurance level so a screen can say how much
 * we trust it. All strings are NUL-terminated UTF-8 in NFC; dates are ISO
 * "YYYY-MM-DD" (empty when unknown). The struct owns `photo` (a JPEG, may be NULL).
 * Everything here is personal data: identity_wipe() zeroes it with explicit_bzero
 * and frees the photo. Never log any field. */
#ifndef KIOSK_IDENTITY_H
#define KIOSK_IDENTITY_H

#include <stddef.h>

typedef enum identity_assurance {
    IDENTITY_NONE = 0,          /* nothing known */
    IDENTITY_TYPED,             /* ID number typed by the citizen */
    IDENTITY_QR,                /* read from the card's printed QR code: unverified */
    IDENTITY_CHIP,              /* read from the chip, passive authentication failed or not done */
    IDENTITY_CHIP_VERIFIED      /* chip data, SOD signature and hashes verified */
} identity_assurance;

typedef struct identity {
    identity_assurance assurance;
    char id_number[16];         /* 12 digits for CCCD */
    char old_id_number[16];     /* 9-digit CMND, when known */
    char full_name[128];
    char date_of_birth[11];
    char sex[8];                /* "Nam" or "Nữ" (as the card says) */
    char nationality[64];
    char ethnicity[64];
    char religion[64];
    char place_of_origin[256];
    char place_of_residence[256];
    char identifying_features[256];
    char date_of_issue[11];
    char date_of_expiry[32];    /* ISO date, or text such as "Không thời hạn" */
    char father_name[128];
    char mother_name[128];
    char spouse_name[128];
    /* From DG1 (MRZ) for passports and foreign documents. */
    char document_type[4];
    char document_number[16];
    char issuing_state[4];
    unsigned char *photo;       /* DG2 JPEG, owned; NULL when not read */
    size_t photo_len;
} identity;

/* Zero every byte (explicit_bzero), free the photo. Safe on a zeroed struct. */
void identity_wipe(identity *id);

/* Human name of an assurance level, in Vietnamese ("Chưa xác thực", ...). */
const char *identity_assurance_label(identity_assurance a);

/* The demo citizen of the reference card (made up): 001099012345, Nguyễn Văn An. */
void identity_fill_demo(identity *id);

#endif
