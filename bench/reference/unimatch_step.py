# Reference-shaped UniMatch (LiheYoung/UniMatch model/backbone/resnet.py deep-stem ResNet-101 with layer4 dilated,
# model/semseg/deeplabv3plus.py DeepLabV3+ with need_fp feature dropout, unimatch.py's loop body with
# ProbOhemCrossEntropy2d(0.7, 200000) + three per-pixel CE terms, SGD lr 0.005 momentum 0.9 wd 1e-4) with default
# initialisation, to time anchors rows 9a (`step`: 1 labelled + 1 unlabelled, 321×321) and 9b (`forward`: eval
# forward, no grad, 1×3×321×321) with torch 1.13 beside our port (bench/Adapt.UniMatch.Benchmarks anchors
# unimatch-step / unimatch-forward). Inputs are random, like the port's prepared batch.
import sys, torch, torch.nn as nn, torch.nn.functional as F
from anchor_timing import measure
torch.set_num_threads(2); torch.manual_seed(0)
def up(x, size): return F.interpolate(x, size=size, mode='bilinear', align_corners=True)
class Bottleneck(nn.Module):
    def __init__(s,inplanes,planes,stride=1,dilation=1,downsample=None):
        super().__init__()
        s.conv1=nn.Conv2d(inplanes,planes,1,bias=False); s.bn1=nn.BatchNorm2d(planes)
        s.conv2=nn.Conv2d(planes,planes,3,stride,padding=dilation,dilation=dilation,bias=False); s.bn2=nn.BatchNorm2d(planes)
        s.conv3=nn.Conv2d(planes,planes*4,1,bias=False); s.bn3=nn.BatchNorm2d(planes*4); s.relu=nn.ReLU(inplace=True); s.downsample=downsample
    def forward(s,x):
        r=x; o=s.relu(s.bn1(s.conv1(x))); o=s.relu(s.bn2(s.conv2(o))); o=s.bn3(s.conv3(o))
        if s.downsample is not None: r=s.downsample(x)
        return s.relu(o+r)
class ResNet(nn.Module):
    def __init__(s,layers=(3,4,23,3),dilate=(False,False,True)):
        super().__init__(); s.inplanes=128; s.dilation=1
        s.conv1=nn.Sequential(nn.Conv2d(3,64,3,2,1,bias=False),nn.BatchNorm2d(64),nn.ReLU(inplace=True),
            nn.Conv2d(64,64,3,1,1,bias=False),nn.BatchNorm2d(64),nn.ReLU(inplace=True),nn.Conv2d(64,128,3,1,1,bias=False))
        s.bn1=nn.BatchNorm2d(128); s.relu=nn.ReLU(inplace=True); s.maxpool=nn.MaxPool2d(3,2,1)
        s.layer1=s.make(64,layers[0]); s.layer2=s.make(128,layers[1],2,dilate[0])
        s.layer3=s.make(256,layers[2],2,dilate[1]); s.layer4=s.make(512,layers[3],2,dilate[2])
    def make(s,planes,blocks,stride=1,dilate=False):
        previous=s.dilation
        if dilate: s.dilation*=stride; stride=1
        ds=None
        if stride!=1 or s.inplanes!=planes*4:
            ds=nn.Sequential(nn.Conv2d(s.inplanes,planes*4,1,stride,bias=False),nn.BatchNorm2d(planes*4))
        layers=[Bottleneck(s.inplanes,planes,stride,previous,ds)]; s.inplanes=planes*4
        layers+=[Bottleneck(s.inplanes,planes,dilation=s.dilation) for _ in range(1,blocks)]
        return nn.Sequential(*layers)
    def base_forward(s,x):
        x=s.maxpool(s.relu(s.bn1(s.conv1(x)))); c1=s.layer1(x); c4=s.layer4(s.layer3(s.layer2(c1))); return c1,c4
def conv_bn_relu(i,o,k=1,d=1): return nn.Sequential(nn.Conv2d(i,o,k,padding=(k//2)*d,dilation=d,bias=False),nn.BatchNorm2d(o),nn.ReLU(True))
class ASPPPooling(nn.Module):
    def __init__(s,i,o): super().__init__(); s.gap=nn.Sequential(nn.AdaptiveAvgPool2d(1),nn.Conv2d(i,o,1,bias=False),nn.BatchNorm2d(o),nn.ReLU(True))
    def forward(s,x): h,w=x.shape[-2:]; return up(s.gap(x),(h,w))
class ASPP(nn.Module):
    def __init__(s,i,rates=(6,12,18)):
        super().__init__(); o=i//8
        s.b0=conv_bn_relu(i,o); s.b1=conv_bn_relu(i,o,3,rates[0]); s.b2=conv_bn_relu(i,o,3,rates[1]); s.b3=conv_bn_relu(i,o,3,rates[2]); s.b4=ASPPPooling(i,o)
        s.project=conv_bn_relu(5*o,o)
    def forward(s,x): return s.project(torch.cat([s.b0(x),s.b1(x),s.b2(x),s.b3(x),s.b4(x)],1))
class DeepLabV3Plus(nn.Module):
    def __init__(s,nclass=19):
        super().__init__(); s.backbone=ResNet(); s.head=ASPP(2048)
        s.reduce=conv_bn_relu(256,48)
        s.fuse=nn.Sequential(conv_bn_relu(304,256,3),conv_bn_relu(256,256,3)); s.classifier=nn.Conv2d(256,nclass,1,bias=True)
    def forward(s,x,need_fp=False):
        h,w=x.shape[-2:]; c1,c4=s.backbone.base_forward(x)
        if need_fp:
            outs=s._decode(torch.cat((c1,nn.Dropout2d(0.5)(c1))),torch.cat((c4,nn.Dropout2d(0.5)(c4))))
            return up(outs,(h,w)).chunk(2)
        return up(s._decode(c1,c4),(h,w))
    def _decode(s,c1,c4):
        c4=up(s.head(c4),c1.shape[-2:]); c1=s.reduce(c1); return s.classifier(s.fuse(torch.cat([c1,c4],1)))
class ProbOhemCrossEntropy2d(nn.Module):
    def __init__(s,ignore_label=255,thresh=0.7,min_kept=200000):
        super().__init__(); s.ignore_label=ignore_label; s.thresh=float(thresh); s.min_kept=int(min_kept)
        s.criterion=nn.CrossEntropyLoss(reduction='mean',ignore_index=ignore_label)
    def forward(s,pred,target):
        b,c,h,w=pred.size(); target=target.view(-1); valid_mask=target.ne(s.ignore_label); target=target*valid_mask.long(); num_valid=valid_mask.sum()
        prob=F.softmax(pred,dim=1).transpose(0,1).reshape(c,-1)
        if s.min_kept>num_valid: pass
        elif num_valid>0:
            prob=prob.masked_fill_(~valid_mask,1); mask_prob=prob[target,torch.arange(len(target),dtype=torch.long)]; threshold=s.thresh
            if s.min_kept>0:
                index=mask_prob.argsort(); threshold_index=index[min(len(index),s.min_kept)-1]
                if mask_prob[threshold_index]>s.thresh: threshold=mask_prob[threshold_index]
                kept_mask=mask_prob.le(threshold); target=target*kept_mask.long(); valid_mask=valid_mask*kept_mask
        target=target.masked_fill_(~valid_mask,s.ignore_label).view(b,h,w)
        return s.criterion(pred,target)
mode=sys.argv[1] if len(sys.argv)>1 else 'step'
model=DeepLabV3Plus(); C=321
if mode=='forward':
    model.eval(); x=torch.randn(1,3,C,C)
    def run():
        with torch.no_grad(): return model(x)
    measure(f"unimatch deeplabv3+-r101 forward (torch {torch.__version__})", run)
    sys.exit(0)
head=[p for n,p in model.named_parameters() if 'backbone' not in n]
optimizer=torch.optim.SGD([{'params':model.backbone.parameters(),'lr':0.005},{'params':head,'lr':0.005*1.0}],lr=0.005,momentum=0.9,weight_decay=1e-4)
criterion_l=ProbOhemCrossEntropy2d(255,0.7,200000); criterion_u=nn.CrossEntropyLoss(reduction='none'); thresh=0.0
g=torch.Generator().manual_seed(0)
img=lambda: torch.rand(1,3,C,C,generator=g)*4-2
img_x=img(); mask_x=torch.randint(0,19,(1,C,C),generator=g); mask_x[torch.rand(1,C,C,generator=g)<0.05]=255
img_u_w,img_u_s1,img_u_s2=img(),img(),img(); ignore_mask=torch.zeros(1,C,C,dtype=torch.long)
img_u_w_mix,img_u_s1_mix,img_u_s2_mix=img(),img(),img(); ignore_mask_mix=torch.zeros(1,C,C,dtype=torch.long)
def box(y,x,h,w): b=torch.zeros(1,C,C); b[:,y:y+h,x:x+w]=1; return b
cutmix_box1=box(60,40,100,120); cutmix_box2=box(10,10,150,200)
def step():
    s1,s2=img_u_s1.clone(),img_u_s2.clone()
    with torch.no_grad():
        model.eval(); pred_u_w_mix=model(img_u_w_mix).detach()
        conf_u_w_mix=pred_u_w_mix.softmax(dim=1).max(dim=1)[0]; mask_u_w_mix=pred_u_w_mix.argmax(dim=1)
    s1[cutmix_box1.unsqueeze(1).expand(s1.shape)==1]=img_u_s1_mix[cutmix_box1.unsqueeze(1).expand(s1.shape)==1]
    s2[cutmix_box2.unsqueeze(1).expand(s2.shape)==1]=img_u_s2_mix[cutmix_box2.unsqueeze(1).expand(s2.shape)==1]
    model.train(); num_lb,num_ulb=img_x.shape[0],img_u_w.shape[0]
    preds,preds_fp=model(torch.cat((img_x,img_u_w)),True); pred_x,pred_u_w=preds.split([num_lb,num_ulb]); pred_u_w_fp=preds_fp[num_lb:]
    pred_u_s1,pred_u_s2=model(torch.cat((s1,s2))).chunk(2)
    pred_u_w=pred_u_w.detach(); conf_u_w=pred_u_w.softmax(dim=1).max(dim=1)[0]; mask_u_w=pred_u_w.argmax(dim=1)
    m1,c1,i1=mask_u_w.clone(),conf_u_w.clone(),ignore_mask.clone(); m2,c2,i2=mask_u_w.clone(),conf_u_w.clone(),ignore_mask.clone()
    m1[cutmix_box1==1]=mask_u_w_mix[cutmix_box1==1]; c1[cutmix_box1==1]=conf_u_w_mix[cutmix_box1==1]; i1[cutmix_box1==1]=ignore_mask_mix[cutmix_box1==1]
    m2[cutmix_box2==1]=mask_u_w_mix[cutmix_box2==1]; c2[cutmix_box2==1]=conf_u_w_mix[cutmix_box2==1]; i2[cutmix_box2==1]=ignore_mask_mix[cutmix_box2==1]
    loss_x=criterion_l(pred_x,mask_x)
    l1=criterion_u(pred_u_s1,m1)*((c1>=thresh)&(i1!=255)); l1=l1.sum()/(i1!=255).sum().item()
    l2=criterion_u(pred_u_s2,m2)*((c2>=thresh)&(i2!=255)); l2=l2.sum()/(i2!=255).sum().item()
    lfp=criterion_u(pred_u_w_fp,mask_u_w)*((conf_u_w>=thresh)&(ignore_mask!=255)); lfp=lfp.sum()/(ignore_mask!=255).sum().item()
    loss=(loss_x+l1*0.25+l2*0.25+lfp*0.5)/2.0
    optimizer.zero_grad(); loss.backward(); optimizer.step(); return loss.item()
measure(f"unimatch step deeplabv3+-r101 (torch {torch.__version__})", step)
