/* identity: the citizen's identity record and its wiping. See identity.h. */
#include "identity.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void identity_wipe(identity *id)
{
    if (!id)
        return;
    if (id->photo) {
        explicit_bzero(id->photo, id->photo_len);
        free(id->photo);
    }
    explicit_bzero(id, sizeof *id);
}

const char *identity_assurance_label(identity_assurance a)
{
    switch (a) {
    case IDENTITY_NONE: return N_("Chưa có thông tin");
    case IDENTITY_TYPED: return N_("Số định danh tự nhập, chưa xác thực");
    case IDENTITY_QR: return N_("Từ mã QR trên thẻ, chưa xác thực");
    case IDENTITY_CHIP: return N_("Từ chip, chưa xác thực chữ ký");
    case IDENTITY_CHIP_VERIFIED: return N_("Từ chip, đã xác thực");
    }
    return "?";
}

#define SET(field, value) snprintf(id->field, sizeof id->field, "%s", value)

void identity_fill_demo(identity *id)
{
    identity_wipe(id);
    id->assurance = IDENTITY_CHIP_VERIFIED;
    SET(id_number, "001099012345");
    SET(old_id_number, "012345678");
    SET(full_name, "Nguyễn Văn An");
    SET(date_of_birth, "1999-02-01");
    SET(sex, "Nam");
    SET(nationality, "Việt Nam");
    SET(ethnicity, "Kinh");
    SET(religion, "Không");
    SET(place_of_origin, "Xã Thử Nghiệm, Huyện Mẫu, Hà Nội");
    SET(place_of_residence, "Số 1 Phố Giả, Phường Mẫu, Quận Thử, Hà Nội");
    SET(identifying_features, "Nốt ruồi C:1cm dưới trước mép trái");
    SET(date_of_issue, "2021-07-10");
    SET(date_of_expiry, "2039-02-01");
    SET(father_name, "Nguyễn Văn Bình");
    SET(mother_name, "Trần Thị Cúc");
    SET(document_type, "ID");
    SET(document_number, "099012345");
    SET(issuing_state, "VNM");
}
